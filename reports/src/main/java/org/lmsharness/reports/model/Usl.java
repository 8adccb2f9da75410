package org.lmsharness.reports.model;

import java.util.List;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Gunther's Universal Scalability Law, X(N) = λN / (1 + σ(N − 1) + κN(N − 1)), fitted by
 * Levenberg–Marquardt least squares (Hipparchus). N is concurrency (requests in flight) or a
 * replica count; λ the throughput of one unit without contention, σ contention, κ coherency.
 *
 * @param lambda   throughput of N = 1 without contention
 * @param sigma    contention (serial fraction), ≥ 0
 * @param kappa    coherency (crosstalk), ≥ 0
 * @param rSquared goodness of fit over the points used
 * @param points   how many points the fit used
 */
public record Usl(double lambda, double sigma, double kappa, double rSquared, int points) {

    /** A measured point: N and the throughput X at it. */
    public record Point(double n, double x) {}

    public double throughputAt(double n) {
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    }

    /** N at which throughput peaks, sqrt((1 − σ)/κ); infinite when κ = 0 (throughput only levels off). */
    public double peakN() {
        return kappa <= 0 ? Double.POSITIVE_INFINITY : Math.sqrt(Math.max(0, 1 - sigma) / kappa);
    }

    /** The highest throughput the law allows: X(peakN), or λ/σ as N grows without bound when κ = 0. */
    public double peakThroughput() {
        double peak = peakN();
        if (Double.isInfinite(peak)) return sigma <= 0 ? Double.POSITIVE_INFINITY : lambda / sigma;
        return throughputAt(peak);
    }

    /**
     * The knee: where the linear rise λN meets the contention ceiling λ/σ (N = 1/σ), or the peak
     * when that comes first. Beyond it, more load buys little or no throughput.
     */
    public double kneeN() {
        double ceiling = sigma <= 0 ? Double.POSITIVE_INFINITY : 1 / sigma;
        return Math.min(ceiling, peakN());
    }

    /** Smallest whole N whose predicted throughput reaches {@code target}; -1 when the law never gets there. */
    public int unitsFor(double target, int limit) {
        for (int n = 1; n <= limit; n++) if (throughputAt(n) >= target) return n;
        return -1;
    }

    /** Fits all three parameters; needs at least three points. */
    public static Usl fit(List<Point> points) {
        if (points.size() < 3) throw new IllegalArgumentException("a USL fit needs at least 3 points, got " + points.size());
        double[] n = points.stream().mapToDouble(Point::n).toArray();
        double[] x = points.stream().mapToDouble(Point::x).toArray();
        // Start from the steepest observed slope as λ and mild contention.
        double lambda0 = 0;
        for (int i = 0; i < n.length; i++) lambda0 = Math.max(lambda0, x[i] / Math.max(n[i], 1e-9));
        LeastSquaresBuilder problem = new LeastSquaresBuilder()
                .start(new double[] {lambda0, 0.05, 0.001})
                .model(parameters -> value(parameters, n))
                .target(x)
                .parameterValidator(p -> new ArrayRealVector(new double[] {Math.max(p.getEntry(0), 1e-9),
                        Math.max(p.getEntry(1), 0), Math.max(p.getEntry(2), 0)}))
                .maxEvaluations(10_000)
                .maxIterations(10_000);
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem.build());
        RealVector p = optimum.getPoint();
        return withFit(p.getEntry(0), p.getEntry(1), p.getEntry(2), points);
    }

    /**
     * With λ known (the one-unit throughput) and two points, the reduced law with κ = 0 (Amdahl):
     * σ = (λN/X − 1)/(N − 1) from the other point. Used when too few counts were measured for all three.
     */
    public static Usl amdahl(double lambda, List<Point> points) {
        Point far = points.stream().filter(p -> p.n() > 1).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("needs a point with N > 1"));
        double sigma = Math.max(0, (lambda * far.n() / far.x() - 1) / (far.n() - 1));
        return withFit(lambda, sigma, 0, points);
    }

    private static Usl withFit(double lambda, double sigma, double kappa, List<Point> points) {
        Usl usl = new Usl(lambda, sigma, kappa, Double.NaN, points.size());
        double mean = points.stream().mapToDouble(Point::x).average().orElse(0);
        double residual = 0;
        double total = 0;
        for (Point point : points) {
            residual += Math.pow(point.x() - usl.throughputAt(point.n()), 2);
            total += Math.pow(point.x() - mean, 2);
        }
        return new Usl(lambda, sigma, kappa, total == 0 ? 1 : 1 - residual / total, points.size());
    }

    private static Pair<RealVector, RealMatrix> value(RealVector parameters, double[] n) {
        double lambda = parameters.getEntry(0);
        double sigma = parameters.getEntry(1);
        double kappa = parameters.getEntry(2);
        double[] values = new double[n.length];
        double[][] jacobian = new double[n.length][3];
        for (int i = 0; i < n.length; i++) {
            double denominator = 1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1);
            values[i] = lambda * n[i] / denominator;
            jacobian[i][0] = n[i] / denominator;
            jacobian[i][1] = -lambda * n[i] * (n[i] - 1) / (denominator * denominator);
            jacobian[i][2] = -lambda * n[i] * n[i] * (n[i] - 1) / (denominator * denominator);
        }
        return new Pair<>(new ArrayRealVector(values), MatrixUtils.createRealMatrix(jacobian));
    }
}
