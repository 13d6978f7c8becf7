-- Shared by the wrk scripts that call stored connections one after another (load it with dofile from the
-- repository's root): the ids in $LATCHKEY_BENCH_IDS, the API key in $LATCHKEY_BENCH_KEY, a stride through the ids,
-- and the check that every answer is 200.
local connections = { ids = {}, key = os.getenv("LATCHKEY_BENCH_KEY") }
for line in io.lines(os.getenv("LATCHKEY_BENCH_IDS")) do
    connections.ids[#connections.ids + 1] = line
end
local counter = 0

-- The next id to call, and how many calls this thread has made.
function connections.next()
    counter = counter + 1
    return connections.ids[(counter * 7919) % #connections.ids + 1], counter
end

function connections.check(status)
    if status ~= 200 then
        error("unexpected status " .. status)
    end
end

return connections
