// Run by the harness's tests after `mvn verify` of this example (maven-invoker-plugin): the capacity
// goal measured the shop and wrote its summary and report.
import groovy.json.JsonSlurper

def run = new File(basedir, 'target/lms-harness/latest')
assert new File(run, 'report.html').isFile() : "no report.html in $run"
def summary = new JsonSlurper().parse(new File(run, 'capacity.json'))
assert summary.conditions.simulation == 'org.example.shop.ShopSimulation'
assert summary.conditions.backend == 'external'
def one = summary.capacities.find { it.replicas == 1 }
assert one != null && one.found : "no capacity of one instance found: ${one}"
// One worker, 8 ms a request, 3 requests a journey: at most about 42 journeys/s.
assert one.journeysPerSecond > 5 && one.journeysPerSecond <= 45 : "capacity ${one.journeysPerSecond} journeys/s"
println "shop: one instance sustains ${one.journeysPerSecond} journeys/s within the SLO"
return true
