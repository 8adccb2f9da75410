-- wrk script: POST /api/auth/login over the generated accounts student1..student200 in turn,
-- each wrk thread starting at its own offset, and a count of answers per status at the end.
-- Needs a dataset of size S or larger (XS has only 100 students).
-- wrk -t2 -c4 -d30s --latency -s docs/bench/login.lua http://127.0.0.1:8080
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  n = (id - 1) * 100
  statuses = {}
end

function request()
  n = (n % 200) + 1
  local body = '{"email":"student' .. n .. '@lms.test","password":"lms-load-test"}'
  return wrk.format("POST", "/api/auth/login", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %s: %d\n", tostring(status), n)) end
end
