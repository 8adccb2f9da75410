package org.lmsharness.autoscale.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.autoscale.loop.LiveLoop.HarnessCpu;

class HarnessCpuTests {

    @Test
    void thePeakIsTakenPerPartOverTheWindowsThatHaveFigures() {
        HarnessCpu peak = HarnessCpu.peak(List.of(
                new HarnessCpu(0, 0.10, 0.05, 0.20, 0.40, null),
                new HarnessCpu(10, 0.30, 0.02, 0.10, 0.90, null),
                new HarnessCpu(20, 0.99, 0.99, 0.99, 0.99, "the CPU sampler fell behind")));

        assertNull(peak.missing());
        assertEquals(0.30, peak.loadGenerator(), 1e-9);
        assertEquals(0.05, peak.edge(), 1e-9);
        assertEquals(0.20, peak.database(), 1e-9);
        assertEquals(0.90, peak.hostBusy(), 1e-9);
    }

    @Test
    void aRunWithoutFiguresSaysSo() {
        assertNotNull(HarnessCpu.peak(List.of(new HarnessCpu(0, 0, 0, 0, 0, "no CPU sample was taken"))).missing());
        assertNotNull(HarnessCpu.peak(List.of()).missing());
    }
}
