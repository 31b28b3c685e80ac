import { MAX_CLOCK_MS } from '../../core/clock.js';
import { MAX_TRACKED_KEYS } from '../../core/rate-limit.js';

/**
 * The one Lua script every request runs: it applies the request's operations on the shared state
 * in order, atomically, and appends the journal entry when the request's own prediction held.
 *
 * ARGV: 1 prefix, 2 generation, 3 clock version (both as last seen by the caller; the version
 * empty when the caller did not read the clock), 4 now (ms, the caller's clock), 5 wall time
 * (ms), 6 journal entry (JSON starting `{"seq":0,`, or empty), 7 journal size (entries), 8
 * journal bound (bytes), 9 number of operations, then six fields per operation: name, four
 * arguments, expected verdict.
 *
 * Returns `{status, generation, clock version, clock, real clock's anchor, firm, verdicts...}`,
 * where the first `firm` verdicts answer operations applied as the caller asked them (the others
 * are reads answered ahead, see `moved`):
 * - `stale`: the generation, or the clock the caller read, moved since it looked; nothing was
 *   done.
 * - `ok`: every operation was applied and gave the verdict expected (compared coarsely: a charge
 *   expects `ok`, not a balance), and the journal entry was appended. One verdict per operation.
 * - `moved`: the operations were applied up to the first one whose verdict was not the one
 *   expected; after it, only reads were still answered (those up to the next change of state),
 *   for the caller to reuse when it asks them again; the rest, and the entry, were not applied.
 *
 * Numbers are written with `%.17g`, so a balance reads back in JavaScript as the same double.
 */
export const STEP_SCRIPT = `
local P = ARGV[1]
local VIEW = P .. ':view'
local now = tonumber(ARGV[4])
local nowText = ARGV[4]
local wall = ARGV[5]

local function fmt(x) return string.format('%.17g', x) end

local view = redis.call('HMGET', VIEW, 'gen', 'ver', 'clock', 'anchor')
if not view[1] then
  -- A new namespace, or a Redis that lost its data: the version starts at the wall time, so it
  -- differs from any version a process may still hold from before.
  view = { '1', wall, '0', wall }
  redis.call('HSET', VIEW, 'gen', view[1], 'ver', view[2], 'clock', view[3], 'anchor', view[4])
end
-- A request that read the clock checks its version too; one that only advances it does not:
-- advances add up.
if view[1] ~= ARGV[2] or (ARGV[3] ~= '' and view[2] ~= ARGV[3]) then
  return { 'stale', view[1], view[2], view[3], view[4], '0' }
end
local G = P .. ':g' .. view[1] .. ':'

-- The same matching as faults.ts: '*' matches any run of characters, the rest literally.
local function matches(pattern, text)
  local p, t, star, resume = 1, 1, 0, 0
  local plen, tlen = #pattern, #text
  while t <= tlen do
    local c = string.byte(pattern, p)
    if c == 42 then
      star = p
      p = p + 1
      resume = t
    elseif p <= plen and c == string.byte(text, t) then
      p = p + 1
      t = t + 1
    elseif star ~= 0 then
      p = star + 1
      resume = resume + 1
      t = resume
    else
      return false
    end
  end
  while string.byte(pattern, p) == 42 do p = p + 1 end
  return p > plen
end

local function loadList(key)
  local raw = redis.call('GET', key)
  if not raw then return {} end
  return cjson.decode(raw)
end

local function saveList(key, list)
  -- cjson writes an empty table as {}, so an empty list is no key at all.
  if #list == 0 then redis.call('DEL', key) else redis.call('SET', key, cjson.encode(list)) end
end

local function scanKeys(pattern)
  local keys, cursor = {}, '0'
  repeat
    local page = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = page[1]
    for _, key in ipairs(page[2]) do keys[#keys + 1] = key end
  until cursor == '0'
  return keys
end

local function deleteAll(keys)
  for i = 1, #keys, 500 do redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys))) end
end

local ops = {}

-- faults.match: the first fault matching method and path fires (probabilities drawn from the
-- caller's seed, Park-Miller), and loses one of its times.
ops.fault = function(method, path, seed)
  local key = G .. 'faults'
  local list = loadList(key)
  local state = tonumber(seed)
  for i = 1, #list do
    local f = list[i]
    if (f.method == nil or f.method == method) and (f.path == nil or matches(f.path, path)) then
      local hit = true
      if f.probability ~= nil then
        state = (state * 16807) % 2147483647
        hit = state / 2147483647 < f.probability
      end
      if hit then
        if f.timesLeft ~= nil then
          f.timesLeft = f.timesLeft - 1
          if f.timesLeft <= 0 then table.remove(list, i) end
          saveList(key, list)
        end
        return cjson.encode(f)
      end
    end
  end
  return ''
end

-- rateLimiter.take: 'ok:<requests left>' or 'no:<seconds to wait>:<when the oldest leaves>'; a sliding window of timestamps per key, as rate-limit.ts keeps it, for at
-- most ${MAX_TRACKED_KEYS} keys: a sorted set ranks them by last use, and the least recently
-- used key's window goes first.
ops.rate = function(apiKey, limit, windowMs, ttl)
  local key = G .. 'rate:' .. apiKey
  local ranks = G .. 'rateKeys'
  local window = tonumber(windowMs)
  local use = redis.call('HINCRBY', G .. 'counters', 'rateUse', 1)
  redis.call('ZADD', ranks, use, apiKey)
  redis.call('PEXPIRE', ranks, ttl)
  if redis.call('ZCARD', ranks) > ${MAX_TRACKED_KEYS} then
    local evicted = redis.call('ZPOPMIN', ranks)
    redis.call('DEL', G .. 'rate:' .. evicted[1])
  end
  local times = redis.call('LRANGE', key, 0, -1)
  local drop = 0
  while drop < #times and tonumber(times[drop + 1]) <= now - window do drop = drop + 1 end
  if drop > 0 then redis.call('LTRIM', key, drop, -1) end
  if #times - drop >= tonumber(limit) then
    local resetAt = tonumber(times[drop + 1]) + window
    local wait = resetAt - now
    return 'no:' .. math.max(1, math.ceil(wait / 1000)) .. ':' .. fmt(resetAt)
  end
  redis.call('RPUSH', key, nowText)
  redis.call('PEXPIRE', key, ttl)
  return 'ok:' .. (tonumber(limit) - (#times - drop + 1))
end

-- rateLimiter.usage: '<requests in the window>|<ms until the oldest leaves it, or empty>'.
ops.usage = function(apiKey, windowMs)
  local window = tonumber(windowMs)
  local used, oldest = 0, nil
  for _, text in ipairs(redis.call('LRANGE', G .. 'rate:' .. apiKey, 0, -1)) do
    local time = tonumber(text)
    if time > now - window then
      used = used + 1
      if oldest == nil then oldest = time end
    end
  end
  if oldest == nil then return used .. '|' end
  return used .. '|' .. fmt(oldest + window - now)
end

-- rateLimiter.keys: the keys with a window, least recently used first.
ops.rateKeys = function()
  return redis.call('ZRANGE', G .. 'rateKeys', 0, -1)
end

ops.rateCount = function()
  return tostring(redis.call('ZCARD', G .. 'rateKeys'))
end

-- credits.charge: never below zero, whatever runs at the same time.
ops.charge = function(apiKey, cost, initial)
  local key = G .. 'credits'
  local stored = redis.call('HGET', key, apiKey) or initial
  if stored == 'inf' then return 'ok:inf' end
  local balance = tonumber(stored)
  cost = tonumber(cost)
  if balance < cost then return 'no:' .. fmt(balance) end
  local after = math.floor((balance - cost) * 1e6 + 0.5) / 1e6
  redis.call('HSET', key, apiKey, fmt(after))
  return 'ok:' .. fmt(after)
end

-- credits.refund: gives a charge back (a job that ends FAILED costs nothing); an unlimited key,
-- or one never charged, has nothing to give back.
local function giveBack(apiKey, cost)
  local key = G .. 'credits'
  local stored = redis.call('HGET', key, apiKey)
  if not stored or stored == 'inf' then return end
  local after = math.floor((tonumber(stored) + tonumber(cost)) * 1e6 + 0.5) / 1e6
  redis.call('HSET', key, apiKey, fmt(after))
end

ops.refund = function(apiKey, cost)
  giveBack(apiKey, cost)
  return 'ok'
end

ops.balance = function(apiKey, initial)
  return redis.call('HGET', G .. 'credits', apiKey) or initial
end

ops.setBalance = function(apiKey, balance)
  redis.call('HSET', G .. 'credits', apiKey, balance)
  return 'ok'
end

-- credits.charged: the keys whose balance has moved.
ops.charged = function()
  return redis.call('HKEYS', G .. 'credits')
end

ops.creditsClear = function()
  redis.call('DEL', G .. 'credits')
  return 'ok'
end

ops.rateClear = function()
  deleteAll(scanKeys(G .. 'rate:*'))
  redis.call('DEL', G .. 'rateKeys')
  return 'ok'
end

-- outcomes.decide: the first scripted failure for the model, used up once; 'n' when none. The
-- request's charge (apiKey, cost; empty when none) is given back with it: a failed job is free.
ops.outcome = function(model, apiKey, cost)
  local key = G .. 'outcomes'
  local rules = loadList(key)
  for i = 1, #rules do
    local r = rules[i]
    if r.model == nil or r.model == model then
      r.left = r.left - 1
      if r.left <= 0 then table.remove(rules, i) end
      saveList(key, rules)
      if apiKey ~= '' then giveBack(apiKey, cost) end
      if r.error == nil then return 'd' end
      return 'e:' .. r.error
    end
  end
  return 'n'
end

-- store.add: the job's facts, kept for its life and no longer (the TTL is its retention).
ops.add = function(id, facts, ttl)
  local n = redis.call('HINCRBY', G .. 'counters', 'jobs', 1)
  if redis.call('SET', G .. 'job:' .. id, n .. '|' .. facts, 'NX', 'PX', ttl) then return 'ok' end
  return 'taken'
end

-- store.get: '1' when a job the caller knows is still there, else its facts ('' when none).
ops.get = function(id, known)
  local key = G .. 'job:' .. id
  if known == '1' then
    if redis.call('EXISTS', key) == 1 then return '1' end
    return ''
  end
  return redis.call('GET', key) or ''
end

ops.jobs = function()
  local keys = scanKeys(G .. 'job:*')
  local found = {}
  for i = 1, #keys, 500 do
    local values = redis.call('MGET', unpack(keys, i, math.min(i + 499, #keys)))
    for _, value in ipairs(values) do
      if value then found[#found + 1] = value end
    end
  end
  return found
end

ops.jobsClear = function()
  deleteAll(scanKeys(G .. 'job:*'))
  return 'ok'
end

-- journal.page: at most limit entries numbered above after, oldest first. An entry's
-- stream id is its seq, so the first one wanted is found without a search.
ops.journalPage = function(after, limit)
  local from = (tonumber(after) + 1) .. '-0'
  local items
  if limit == '' then
    items = redis.call('XRANGE', G .. 'journal', from, '+')
  else
    items = redis.call('XRANGE', G .. 'journal', from, '+', 'COUNT', limit)
  end
  local found = {}
  for _, item in ipairs(items) do found[#found + 1] = item[2][2] end
  return found
end

-- journal.size and journal.bytes: '<entries>|<bytes of JSON>'.
ops.journalStats = function()
  local bytes = redis.call('HGET', G .. 'counters', 'journalBytes') or '0'
  return redis.call('XLEN', G .. 'journal') .. '|' .. bytes
end

ops.journalClear = function()
  redis.call('DEL', G .. 'journal')
  redis.call('HSET', G .. 'counters', 'seq', 0, 'journalBytes', 0)
  return 'ok'
end

-- Faults and scripted failures: JSON lists; each one added gets an id from a counter of the
-- namespace that a reset leaves alone, so an id is never reused.
local function listOps(name)
  ops[name .. 'Add'] = function(item)
    local key = G .. name
    local list = loadList(key)
    local added = cjson.decode(item)
    added.id = redis.call('HINCRBY', VIEW, 'armed', 1)
    list[#list + 1] = added
    saveList(key, list)
    return 'ok'
  end
  ops[name .. 'List'] = function() return redis.call('GET', G .. name) or '[]' end
  ops[name .. 'Remove'] = function(id)
    local key = G .. name
    local list = loadList(key)
    for i = 1, #list do
      if list[i].id == tonumber(id) then
        table.remove(list, i)
        saveList(key, list)
        return '1'
      end
    end
    return ''
  end
  ops[name .. 'Clear'] = function()
    redis.call('DEL', G .. name)
    return 'ok'
  end
end
listOps('faults')
listOps('outcomes')

local MAX_CLOCK = ${MAX_CLOCK_MS}

local function setClock(value)
  view[3] = fmt(value)
  view[2] = tostring(redis.call('HINCRBY', VIEW, 'ver', 1))
  redis.call('HSET', VIEW, 'clock', view[3])
end

-- clock.advance: adds to the virtual time every process reads (0 until the first advance: the
-- epoch), as the in-memory clock adds, and moves the clock's version. An advance past the range
-- of Date changes nothing and answers 'over:<the time it stays at>'.
ops.advance = function(ms, epoch)
  local current = tonumber(view[3])
  if current == 0 then current = tonumber(epoch) end
  if current + tonumber(ms) > MAX_CLOCK then return 'over:' .. fmt(current) end
  setClock(current + tonumber(ms))
  return view[3]
end

-- clock.reach (an auto clock, polled): the clock moves to at when it is behind it, never back,
-- and never past the range of Date. Answers the time it stands at.
ops.reach = function(at, epoch)
  local current = tonumber(view[3])
  if current == 0 then current = tonumber(epoch) end
  local target = math.min(tonumber(at), MAX_CLOCK)
  if target > current then
    setClock(target)
    return view[3]
  end
  return fmt(current)
end

-- reset: a new generation of keys, with the clock at base ('0': the virtual epoch; a real
-- clock runs on from the time it had reached, counted from the wall time at). The old
-- generation is deleted by the caller, batch by batch, so that a large one never blocks Redis.
ops.reset = function(at, base)
  local old = view[1]
  view[1] = tostring(redis.call('HINCRBY', VIEW, 'gen', 1))
  view[2] = tostring(redis.call('HINCRBY', VIEW, 'ver', 1))
  view[3] = base
  view[4] = at
  redis.call('HSET', VIEW, 'clock', view[3], 'anchor', view[4])
  G = P .. ':g' .. view[1] .. ':'
  return old
end

-- Operations that change nothing: after a verdict the caller did not expect, these are still
-- answered (up to the first operation that would change state), so that a request that reads
-- much (the console's snapshot) learns it in a round trip or two rather than one per read.
local READS = {
  get = true, jobs = true, balance = true, charged = true, usage = true, rateKeys = true,
  rateCount = true, journalPage = true, journalStats = true, faultsList = true,
  outcomesList = true,
}

-- journal.record: the entry, numbered, is appended; then the oldest entries go until the journal
-- holds at most its size in entries and its bound in bytes of JSON (the newest always stays).
local function append(entry, size, maxBytes)
  local J = G .. 'journal'
  local C = G .. 'counters'
  local seq = redis.call('HINCRBY', C, 'seq', 1)
  local text = '{"seq":' .. seq .. string.sub(entry, 9)
  redis.call('XADD', J, seq .. '-0', 'e', text)
  local bytes = redis.call('HINCRBY', C, 'journalBytes', #text)
  local count = redis.call('XLEN', J)
  while count > 1 and (count > size or bytes > maxBytes) do
    local oldest = redis.call('XRANGE', J, '-', '+', 'COUNT', 1)[1]
    bytes = redis.call('HINCRBY', C, 'journalBytes', -#oldest[2][2])
    redis.call('XDEL', J, oldest[1])
    count = count - 1
  end
end

local verdicts = {}
local moved = false
local firm = nil
local count = tonumber(ARGV[9])
for i = 0, count - 1 do
  local at = 10 + i * 6
  local name = ARGV[at]
  local op = ops[name]
  if op == nil then return redis.error_reply('segmind-mock: unknown operation ' .. name) end
  if moved and not READS[name] then break end
  local verdict = op(ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4])
  verdicts[#verdicts + 1] = verdict
  local expected = ARGV[at + 5]
  local coarse = verdict
  if type(verdict) == 'table' then
    coarse = nil
  elseif (name == 'charge' or name == 'rate') and string.sub(verdict, 1, 3) == 'ok:' then
    coarse = 'ok'
  elseif name == 'get' and verdict ~= '' then
    coarse = '1'
  elseif (name == 'advance' or name == 'reach') and tonumber(verdict) == tonumber(expected) then
    coarse = expected
  end
  if coarse ~= expected and not moved then
    moved = true
    firm = #verdicts
  end
end

local status = 'moved'
if not moved then
  status = 'ok'
  local entry = ARGV[6]
  if entry ~= '' then append(entry, tonumber(ARGV[7]), tonumber(ARGV[8])) end
end
local reply = { status, view[1], view[2], view[3], view[4], tostring(firm or #verdicts) }
for _, verdict in ipairs(verdicts) do reply[#reply + 1] = verdict end
return reply
`;

/** Fields of ARGV before the operations. */
export const HEADER_FIELDS = 9;
/** Fields per operation in ARGV, after the first {@link HEADER_FIELDS}. */
export const OP_FIELDS = 6;
