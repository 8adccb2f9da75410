package org.lmsharness.paymentstub;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar payment-provider-stub-all.jar --port 9090 --latency-ms 50 --failure-rate 0.1} */
@Command(name = "payment-provider-stub", mixinStandardHelpOptions = true,
        description = "Runs the payment provider stub until it is stopped (SIGTERM or Ctrl-C).")
public final class PaymentProviderStubCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", defaultValue = "64", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Latency added to each charge, in ms (default: ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(names = "--failure-rate", defaultValue = "0", description = "Share of charges that fail, 0..1 (default: ${DEFAULT-VALUE}).")
    double failureRate;

    @Option(names = "--failure-status", defaultValue = "503", description = "HTTP status of a failed charge (default: ${DEFAULT-VALUE}).")
    int failureStatus;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(new CommandLine(this), "--port must be within 0..65535, got " + port);
        if (threads < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--threads must be >= 1, got " + threads);
        PaymentProviderStub.Behaviour behaviour;
        try {
            behaviour = new PaymentProviderStub.Behaviour(latencyMillis, failureRate, failureStatus);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        PaymentProviderStub stub = PaymentProviderStub.start(host, port, threads);
        stub.behave(behaviour);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            stopped.countDown();
        }));
        // The one line a launcher waits for: it carries the address.
        System.out.println("payment-provider-stub listening on " + stub.baseUri());
        System.out.flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new PaymentProviderStubCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("payment-provider-stub: " + exception.getMessage());
            return 1;
        });
        System.exit(commandLine.execute(args));
    }
}
