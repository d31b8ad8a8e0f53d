-- wrk script: every request is a random line of the file named by the first argument,
-- "METHOD PATH [SESSIONID CSRFTOKEN]". Each thread seeds its own generator.
local counter = 0
local lines = {}

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    lines[#lines + 1] = line
  end
  math.randomseed(number * 7919 + 2026)
end

function request()
  local line = lines[math.random(#lines)]
  local method, path, session, csrf = line:match("^(%S+) (%S+) ?(%S*) ?(%S*)")
  local headers = {}
  if session ~= "" then
    headers["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf
    headers["X-CSRFToken"] = csrf
  end
  return wrk.format(method, path, headers, nil)
end
