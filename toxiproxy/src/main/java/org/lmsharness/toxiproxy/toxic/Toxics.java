package org.lmsharness.toxiproxy.toxic;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.lmsharness.toxiproxy.api.ApiError;

/**
 * The toxics of one proxy, one chain per direction, and the live links they apply to. A change is
 * made to the chains under the lock and handed to each live link on its own event loop; the caller
 * waits until every link has it, as Toxiproxy does, so traffic after the API call sees the change.
 */
public final class Toxics {

    /** How long an API call waits for live connections to take a change (a busy event loop). */
    private static final long APPLY_TIMEOUT_SECONDS = 5;

    private final List<Toxic> upstream = new ArrayList<>();
    private final List<Toxic> downstream = new ArrayList<>();
    private final Set<Link> links = new HashSet<>();
    private final Random random;

    public Toxics(Random random) {
        this.random = random;
    }

    /** Upstream toxics first, then downstream, each in chain order. */
    public synchronized List<Toxic> all() {
        List<Toxic> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    public synchronized Optional<Toxic> get(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Toxic add(Toxic toxic) {
        change(toxic.direction(), () -> {
            if (get(toxic.name()).isPresent()) throw ApiError.TOXIC_ALREADY_EXISTS;
            chain(toxic.direction()).add(toxic);
        }, link -> link.add(toxic));
        return toxic;
    }

    /** Replaces the toxic of the same name (attributes merged by the caller). */
    public Toxic update(Toxic toxic) {
        change(toxic.direction(), () -> {
            List<Toxic> chain = chain(toxic.direction());
            int index = indexOf(chain, toxic.name());
            if (index < 0) throw ApiError.TOXIC_NOT_FOUND;
            chain.set(index, toxic);
        }, link -> link.update(toxic));
        return toxic;
    }

    /** Edits a chain under the lock, hands the change to that direction's live links, and waits until they have it. */
    private void change(Direction direction, Runnable editChain, Consumer<Link> onLink) {
        List<Future<?>> applied;
        synchronized (this) {
            editChain.run();
            applied = apply(direction, onLink);
        }
        await(applied);
    }

    public void remove(String name) {
        Toxic toxic = get(name).orElseThrow(() -> ApiError.TOXIC_NOT_FOUND);
        change(toxic.direction(), () -> {
            List<Toxic> chain = chain(toxic.direction());
            int index = indexOf(chain, name);
            if (index < 0) throw ApiError.TOXIC_NOT_FOUND; // removed meanwhile
            chain.remove(index);
        }, link -> link.remove(name));
    }

    /** Removes every toxic, each as if removed through the API (POST /reset). */
    public void clear() {
        for (Toxic toxic : all()) {
            try {
                remove(toxic.name());
            } catch (ApiError gone) {
                // removed meanwhile by another call
            }
        }
    }

    /**
     * A new connection's link with the chain as it is now; registered under the same lock, so no
     * change falls between the copy and the registration. Called on the connection's event loop.
     */
    public synchronized Link open(Direction direction, Channel source, Channel sink, LongAdder received, LongAdder sent) {
        Link link = new Link(direction, source, sink, List.copyOf(chain(direction)), random, received, sent);
        links.add(link);
        return link;
    }

    public synchronized void close(Link link) {
        links.remove(link);
    }

    private List<Future<?>> apply(Direction direction, Consumer<Link> change) {
        List<Future<?>> futures = new ArrayList<>();
        for (Link link : links) {
            if (link.direction() == direction) futures.add(link.eventLoop().submit(() -> change.accept(link)));
        }
        return futures;
    }

    private static void await(List<Future<?>> applied) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(APPLY_TIMEOUT_SECONDS);
        for (Future<?> future : applied) {
            future.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private List<Toxic> chain(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    private static int indexOf(List<Toxic> chain, String name) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).name().equals(name)) return i;
        }
        return -1;
    }
}
