// Run by the harness's tests after the builds of this example (invoker.properties): the capacity
// goal measured the shop through the project's own simulation and wrote the run folder whole, and
// the chaos goal refused a misspelt experiment.
import groovy.json.JsonSlurper

def run = new File(basedir, 'target/lms-harness/latest')
['report.html', 'capacity.json', 'run.json', 'thresholds/scaling.tf', 'thresholds/cloudwatch-scale-out-alarm.json'].each {
    assert new File(run, it).isFile() : "no $it in $run"
}
def partial = []
run.eachFileRecurse { if (it.name.endsWith('.partial')) partial << it }
assert partial.isEmpty() : "half-written files left: $partial"

def summary = new JsonSlurper().parse(new File(run, 'capacity.json'))
assert summary.conditions.simulation == 'org.example.shop.ShopSimulation'
assert summary.conditions.backend == 'external'
def one = summary.capacities.find { it.replicas == 1 }
assert one != null && one.found : "no capacity of one instance found: ${one}"
// One worker, 8 ms a request, 3 requests a journey: at most about 42 journeys/s.
assert one.journeysPerSecond > 5 && one.journeysPerSecond <= 45 : "capacity ${one.journeysPerSecond} journeys/s"

def steps = new JsonSlurper().parse(new File(run, 'run.json')).searches[0].steps
assert steps.any { it.verdict.outcome == 'FAIL' } : 'the search never went past the capacity'
assert steps.every { it.cpu.injector > 0 } : 'the load generator\'s CPU was not measured'
// The second build: lms-harness:chaos with a misspelt experiment, refused before anything booted.
def log = new File(basedir, 'build.log').text
assert log.contains("--experiments: no experiment named 'zone-outagee'") : 'the chaos goal did not pass the refusal on'
assert log.contains('lms-harness chaos: bad input') : 'the chaos goal did not fail the build as bad input'
assert !log.contains('chaos: booting') : 'the chaos goal booted a deployment for a misspelt experiment'

println "shop: one instance sustains ${one.journeysPerSecond} journeys/s within the SLO (${steps.size()} steps)"
return true
