package org.lmsharness.toxiproxy.toxic;

/**
 * One toxic on one link of one connection: the unit a chain is made of.
 * <pre>
 *   reader ─▶ [stage] ─▶ [stage] ─▶ … ─▶ writer
 * </pre>
 * All calls come on the connection's event loop, so a stage keeps plain fields. Whether the toxic
 * applies is drawn when the stage starts and again when it is updated; a losing draw behaves as
 * noop. Toxics that hold data implement {@link #flush()}: what a stage holds is passed on when the
 * toxic is removed or stops applying, never dropped.
 */
abstract class Stage implements Sink {

    final Link link;
    Toxic toxic;
    Sink next;
    private boolean active;
    /** The stage takes no more data: its input ended, or it closed its output itself. */
    boolean done;

    Stage(Link link, Toxic toxic) {
        this.link = link;
        this.toxic = toxic;
        this.active = link.draw(toxic.toxicity());
    }

    @Override
    public final void push(Chunk chunk) {
        if (done) link.drop(chunk);
        else if (active) accept(chunk);
        else next.push(chunk);
    }

    @Override
    public final void end() {
        if (done) return;
        done = true;
        if (active) acceptEnd();
        else next.end();
    }

    /** Starts what a toxic does before any data (the timeout's clock). */
    void started() {
        if (active) begin();
    }

    final void update(Toxic updated) {
        boolean was = active;
        toxic = updated;
        active = link.draw(updated.toxicity());
        if (was && !active) flush();
        else if (active) reconfigured(!was);
    }

    /** The toxic was removed: pass on what it holds. */
    void removed() {
        if (active) flush();
    }

    /** Closes this stage's output early (timeout, limit_data): later data is dropped. */
    final void closeOutput() {
        done = true;
        next.end();
    }

    abstract void accept(Chunk chunk);

    void acceptEnd() {
        next.end();
    }

    void begin() {
    }

    /** The attributes changed, or (fresh) the toxic starts applying after a losing draw. */
    void reconfigured(boolean fresh) {
        if (fresh) begin();
    }

    /** Passes on at once what the stage holds, an end included. */
    void flush() {
    }

    /** The connection is gone: release what is held, cancel timers. */
    void dispose() {
    }
}
