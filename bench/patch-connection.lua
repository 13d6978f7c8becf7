-- wrk script: PATCH /unified/connection/{id} (a small merge patch, one committed write each) for ids read from
-- $LATCHKEY_BENCH_IDS, with $LATCHKEY_BENCH_KEY.
local ids = {}
for line in io.lines(os.getenv("LATCHKEY_BENCH_IDS")) do
    ids[#ids + 1] = line
end
local key = os.getenv("LATCHKEY_BENCH_KEY")
local counter = 0

request = function()
    counter = counter + 1
    local id = ids[(counter * 7919) % #ids + 1]
    local body = '{"auth": {"meta": {"round": ' .. counter .. '}}}'
    return wrk.format("PATCH", "/unified/connection/" .. id, { ["authorization"] = key, ["content-type"] = "application/json" }, body)
end

response = function(status, headers, body)
    if status ~= 200 then
        error("unexpected status " .. status)
    end
end
