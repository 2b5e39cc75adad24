-- Shared by the wrk scripts: the CSRF cookie and token made for the run, form encoding,
-- per-thread counters summed in done(), and reading the list of accounts a thread works on.
local M = {}

M.cookie = "homeroom_csrf=" .. os.getenv("HR_CSRF_COOKIE")
M.token = os.getenv("HR_CSRF_TOKEN")

function M.encode(s)
  return (s:gsub("([^%w%-%._~])", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function M.form(fields)
  local parts = {}
  for _, pair in ipairs(fields) do table.insert(parts, M.encode(pair[1]) .. "=" .. M.encode(pair[2])) end
  table.insert(parts, "csrf_token=" .. M.encode(M.token))
  return table.concat(parts, "&")
end

function M.post(path, session, fields)
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded",
                    ["Cookie"] = M.cookie .. (session and ("; homeroom_session=" .. session) or "") }
  return wrk.format("POST", path, headers, M.form(fields))
end

function M.get(path, session)
  return wrk.format("GET", path, { ["Cookie"] = M.cookie .. "; homeroom_session=" .. session })
end

function M.session(headers)
  for name, value in pairs(headers) do
    if name:lower() == "set-cookie" then
      local id = value:match("homeroom_session=([^;]+)")
      if id then return id end
    end
  end
  return nil
end

function M.location(headers)
  for name, value in pairs(headers) do
    if name:lower() == "location" then return value end
  end
  return ""
end

-- Lines of the file named by HR_ACCOUNTS, split on tabs; thread `index` of `count` takes every
-- count-th line from HR_OFFSET on, so threads (and runs) never share an account.
function M.accounts(index, count)
  local rows, n = {}, 0
  local offset = tonumber(os.getenv("HR_OFFSET") or "0")
  for line in io.lines(os.getenv("HR_ACCOUNTS")) do
    if n >= offset and (n - offset) % count == index then
      local row = {}
      for field in line:gmatch("[^\t]+") do table.insert(row, field) end
      table.insert(rows, row)
    end
    n = n + 1
  end
  return rows
end

M.threads = {}
function M.setup(thread)
  thread:set("index", #M.threads)
  table.insert(M.threads, thread)
end

function M.report(counter)
  local total, errors = 0, 0
  for _, thread in ipairs(M.threads) do
    total = total + thread:get(counter)
    errors = errors + thread:get("errors")
  end
  io.write(string.format("%s %d\nerrors %d\n", counter, total, errors))
end

return M
