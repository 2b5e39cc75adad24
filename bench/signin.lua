-- Full two-step sign-ins of distinct claimed students: POST /login, then POST /login/password.
-- Run with one connection per thread (-c equal to -t). Prints "signins N" at the end.
package.path = os.getenv("HR_BENCH_DIR") .. "/?.lua;" .. package.path
local hr = require("common")
local password = os.getenv("HR_PASSWORD")

setup = hr.setup

function init(args)
  users = hr.accounts(index, tonumber(os.getenv("HR_THREADS")))
  next_user, step, session, signins, errors = 1, 1, nil, 0, 0
end

function request()
  if step == 1 then
    local user = users[(next_user - 1) % #users + 1]
    next_user = next_user + 1
    return hr.post("/login", nil, { { "username", user[1] } })
  end
  return hr.post("/login/password", session, { { "password", password } })
end

function response(status, headers, body)
  if step == 1 then
    session = hr.session(headers)
    if status == 303 and session then step = 2 else errors = errors + 1 end
    return
  end
  if status == 303 and hr.location(headers) == "/portal" then signins = signins + 1 else errors = errors + 1 end
  step = 1
end

function done(summary, latency, requests) hr.report("signins") end
