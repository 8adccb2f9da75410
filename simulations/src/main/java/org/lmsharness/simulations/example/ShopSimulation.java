package org.lmsharness.simulations.example;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import org.lmsharness.simulations.Load;

/**
 * What a team with another web app writes to get the capacity search, model, thresholds and report
 * for it: its own journey, in the harness's fixed shape ({@link Load} supplies target, injection
 * and SLO). Run it with {@code bin/capacity --simulation org.lmsharness.simulations.example.ShopSimulation
 * --base-url http://...}; examples/shop is the same journey in a project of its own.
 */
public class ShopSimulation extends Simulation {

    private final Load load = Load.fromSystemPropertiesOrExit();

    /** One virtual user = one journey: look at the catalogue, one product, put it in the cart. */
    private final ScenarioBuilder shopper = scenario("shopper").exec(
            http("catalogue").get("/products").check(status().is(200)),
            http("product").get("/products/7").check(status().is(200)),
            http("add to cart").post("/cart").body(StringBody("{\"product\":7}")).check(status().in(200, 201)));

    {
        setUp(load.inject(shopper)).protocols(http.baseUrls(load.baseUrls())).assertions(load.slo()).maxDuration(load.maxDuration());
    }
}
