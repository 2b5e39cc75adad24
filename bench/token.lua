-- Code exchanges at the token endpoint: each thread spends its own codes (the lines of HR_ACCOUNTS,
-- split between HR_THREADS threads), client_secret_basic. Prints "exchanges N" at the end.
package.path = os.getenv("HR_BENCH_DIR") .. "/?.lua;" .. package.path
local hr = require("common")

setup = hr.setup

function init(args)
  codes = hr.accounts(index, tonumber(os.getenv("HR_THREADS")))
  next_code, exchanges, errors = 1, 0, 0
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = os.getenv("HR_BASIC") }
  redirect = hr.encode(os.getenv("HR_REDIRECT"))
end

function request()
  local code = codes[(next_code - 1) % #codes + 1][1]
  next_code = next_code + 1
  return wrk.format("POST", "/oauth2/token", headers,
                    "grant_type=authorization_code&code=" .. hr.encode(code) .. "&redirect_uri=" .. redirect)
end

function response(status, headers, body)
  if status == 200 then exchanges = exchanges + 1 else errors = errors + 1 end
end

function done(summary, latency, requests) hr.report("exchanges") end
