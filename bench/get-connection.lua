-- wrk script: GET /unified/connection/{id} for ids read from $LATCHKEY_BENCH_IDS, with $LATCHKEY_BENCH_KEY.
local connections = dofile("bench/connection-ids.lua")

request = function()
    local id = connections.next()
    return wrk.format("GET", "/unified/connection/" .. id, { ["authorization"] = connections.key })
end

response = function(status, headers, body)
    connections.check(status)
end
