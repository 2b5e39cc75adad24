-- Whole claims of distinct unclaimed students: POST /claim, POST /claim/password,
-- POST /claim/questions, GET /claim/complete. One connection per thread. Prints "claims N".
package.path = os.getenv("HR_BENCH_DIR") .. "/?.lua;" .. package.path
local hr = require("common")
local password = "correct horse battery staple"
local answers = { { "answer_birth_month", "May" }, { "answer_birth_year", "2011" }, { "answer_favorite_season", "fall" } }

setup = hr.setup

function init(args)
  students = hr.accounts(index, tonumber(os.getenv("HR_THREADS")))
  next_student, step, session, claims, errors = 1, 1, nil, 0, 0
end

function request()
  if step == 1 then
    local s = students[next_student]
    next_student = next_student + 1
    return hr.post("/claim", nil, { { "last_name", s[2] }, { "first_name", s[3] }, { "student_id", s[1] } })
  elseif step == 2 then
    return hr.post("/claim/password", session, { { "password", password }, { "password_confirm", password } })
  elseif step == 3 then
    return hr.post("/claim/questions", session, answers)
  end
  return hr.get("/claim/complete", session)
end

function response(status, headers, body)
  if step == 1 then
    session = hr.session(headers)
    if status == 303 and session then step = 2 else errors = errors + 1 end
  elseif step == 2 then
    if status == 303 then step = 3 else errors, step = errors + 1, 1 end
  elseif step == 3 then
    if status == 303 and hr.location(headers) == "/claim/complete" then step = 4 else errors, step = errors + 1, 1 end
  else
    if status == 200 then claims = claims + 1 else errors = errors + 1 end
    step = 1
  end
end

function done(summary, latency, requests) hr.report("claims") end
