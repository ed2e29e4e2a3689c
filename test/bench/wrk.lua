-- One benchmark case for wrk. Settings come from the environment:
--   AP_BENCH_TOKENS   file of bearer tokens, one per line: each request
--                     carries a random one (the signed-in cases)
--   AP_BENCH_PATHS    file of paths, one per line: each request takes a
--                     random one (else the path of the URL on the command line)
--   AP_BENCH_LOGINS   file of logins: each request is a Pulse login of a
--                     random one with AP_BENCH_PASSWORD
--   AP_BENCH_UPLOAD   size in bytes: each request uploads a file that big
-- At the end one line "BENCH {json}" carries the numbers run.sh reads.

local function lines(name)
  local out = {}
  local path = os.getenv(name)
  if path == nil or path == "" then return out end
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local tokens = lines("AP_BENCH_TOKENS")
local paths = lines("AP_BENCH_PATHS")
local logins = lines("AP_BENCH_LOGINS")
local password = os.getenv("AP_BENCH_PASSWORD") or ""
local upload_size = tonumber(os.getenv("AP_BENCH_UPLOAD") or "0")
local boundary = "ApBenchBoundary4f8a2c"
local upload_body = nil

if upload_size > 0 then
  upload_body = "--" .. boundary .. "\r\n" ..
      'Content-Disposition: form-data; name="file"; filename="bench.csv"\r\n' ..
      "Content-Type: text/csv\r\n\r\n" ..
      string.rep("a,b,c,d,e,f,g\n", math.floor(upload_size / 14)) ..
      "\r\n--" .. boundary .. "--\r\n"
end

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  local headers = {}
  if #tokens > 0 then
    headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  end
  local path = nil
  if #paths > 0 then path = paths[math.random(#paths)] end

  if #logins > 0 then
    headers["Content-Type"] = "application/json"
    local body = '{"login":"' .. logins[math.random(#logins)] ..
        '","password":"' .. password .. '","client":"pulse"}'
    return wrk.format("POST", path, headers, body)
  end
  if upload_body ~= nil then
    headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
    return wrk.format("POST", path, headers, upload_body)
  end
  return wrk.format("GET", path, headers, nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":%d,"status_errors":%d,"p50_us":%d,"p99_us":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(99)))
end
