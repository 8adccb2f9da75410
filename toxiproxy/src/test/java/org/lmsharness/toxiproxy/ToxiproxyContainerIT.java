package org.lmsharness.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The image built by images/build.sh, run through Testcontainers' own ToxiproxyContainer (which
 * exposes 8474 and 8666–8697 and waits for GET /version) in place of ghcr.io/shopify/toxiproxy.
 * The proxied upstream is the server's own API inside the container (no other image is at hand).
 * Skipped with a message where no Docker engine answers, except on CI ({@code CI=true}), where
 * .ci/run starts one and builds the image: there it must run.
 */
class ToxiproxyContainerIT {

    static final String IMAGE = "lms-harness/toxiproxy:2.12";

    @Test
    void imageStandsInForShopifysThroughToxiproxyContainer() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!ci) Assumptions.assumeTrue(docker, "no Docker engine answers: the toxiproxy image is not tested");
        boolean built = docker && !DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty();
        if (!ci) Assumptions.assumeTrue(built, "image " + IMAGE + " not built (images/build.sh): not tested");

        DockerImageName image = DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy");
        try (ToxiproxyContainer container = new ToxiproxyContainer(image).withLabel("lms-harness", "toxiproxy-it")) {
            container.start();
            ToxiproxyClient client = new ToxiproxyClient(container.getHost(), container.getControlPort());
            assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
            Proxy proxy = client.createProxy("api", "0.0.0.0:8666", "127.0.0.1:8474");
            assertThat(proxy.getListen()).isEqualTo("[::]:8666");

            URI throughProxy = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(8666) + "/version");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(throughProxy).timeout(Duration.ofSeconds(10)).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"version\": \"2.12.0\"}\n");

            proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
            long start = System.nanoTime();
            HttpResponse<String> slow = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            double millis = (System.nanoTime() - start) / 1e6;
            System.out.printf("[figure] container: GET /version through the proxy with 300 ms latency took %.1f ms%n", millis);
            assertThat(slow.statusCode()).isEqualTo(200);
            assertThat(millis).isBetween(290.0, 1000.0);
        }
    }
}
