-- wrk script: PATCH /unified/connection/{id} (a small merge patch, one committed write each) for ids read from
-- $LATCHKEY_BENCH_IDS, with $LATCHKEY_BENCH_KEY.
local connections = dofile("bench/connection-ids.lua")

request = function()
    local id, round = connections.next()
    local body = '{"auth": {"meta": {"round": ' .. round .. '}}}'
    return wrk.format("PATCH", "/unified/connection/" .. id, { ["authorization"] = connections.key, ["content-type"] = "application/json" }, body)
end

response = function(status, headers, body)
    connections.check(status)
end
