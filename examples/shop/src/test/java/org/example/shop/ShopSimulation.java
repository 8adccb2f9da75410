package org.example.shop;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import org.lmsharness.simulations.Load;

/** The shop's journey, in the harness's fixed shape: Load supplies the target, the injection and the SLO. */
public class ShopSimulation extends Simulation {

    private final Load load = Load.fromSystemPropertiesOrExit();

    /** One virtual user = one journey: the catalogue, one product, into the cart. */
    private final ScenarioBuilder shopper = scenario("shopper").exec(
            http("catalogue").get("/products").check(status().is(200)),
            http("product").get("/products/7").check(status().is(200)),
            http("add to cart").post("/cart").body(StringBody("{\"product\":7}")).check(status().is(201)));

    {
        setUp(load.inject(shopper)).protocols(http.baseUrls(load.baseUrls())).assertions(load.slo()).maxDuration(load.maxDuration());
    }
}
