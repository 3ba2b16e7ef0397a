package dev.herald.redis;

import dev.herald.channels.entity.Channel;
import dev.herald.channels.entity.Envelope;
import dev.herald.channels.entity.EnvelopeBody;
import dev.herald.channels.entity.EventId;
import dev.herald.config.HeraldConfig;
import dev.herald.store.control.EventStore;
import dev.herald.store.control.History;
import dev.herald.store.control.ResumeRules;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each channel's history in a Redis Stream, ids being the stream ids. Appending is one Lua script
 * — {@code XADD} with exact {@code MAXLEN}, age trimming, and {@code PUBLISH} — so an event is
 * retained and on the bus atomically, in one round trip; so is a batch. Reading is one script too,
 * so the answer and what it says about continuity describe the same moment.
 */
@ApplicationScoped
@Typed(RedisEventStore.class)
public class RedisEventStore implements EventStore {

    // KEYS: stream. ARGV: pub/sub channel, type, body json, max events, oldest id kept (age), ttl ms,
    // PUBLISH or (in a cluster) SPUBLISH: the shard channel shares the stream's slot by its hash tag.
    private static final Scripts APPEND = new Scripts("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], '*', 't', ARGV[2], 'b', ARGV[3])
            redis.call('XTRIM', KEYS[1], 'MINID', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call(ARGV[7], ARGV[1], id .. ' ' .. ARGV[2] .. ' {"id":"' .. id .. '",' .. string.sub(ARGV[3], 2))
            return id
            """);

    // The same for a batch, its events in order. KEYS: the stream of each event (in a cluster, all in
    // one slot). ARGV: max events, oldest id kept (age), ttl ms, PUBLISH or SPUBLISH, then for each event
    // its pub/sub channel, type and body json. Answers the ids. Trimming by age and the expiry are per
    // stream, once however many of the events it takes. A lone event keeps the script above: through
    // this one, single publishes measured 5-25% slower in five alternating pairs, a cost not placed
    // (bench/README.md, finding 24).
    private static final Scripts APPEND_ALL = new Scripts("""
            local ids = {}
            for i = 1, #KEYS do
              local channel, type, body = ARGV[3 * i + 2], ARGV[3 * i + 3], ARGV[3 * i + 4]
              local id = redis.call('XADD', KEYS[i], 'MAXLEN', ARGV[1], '*', 't', type, 'b', body)
              redis.call(ARGV[4], channel, id .. ' ' .. type .. ' {"id":"' .. id .. '",' .. string.sub(body, 2))
              ids[i] = id
            end
            local trimmed = {}
            for i = 1, #KEYS do
              if not trimmed[KEYS[i]] then
                trimmed[KEYS[i]] = true
                redis.call('XTRIM', KEYS[i], 'MINID', ARGV[2])
                redis.call('PEXPIRE', KEYS[i], ARGV[3])
              end
            end
            return ids
            """);

    // KEYS: stream. ARGV: after id ('' = from the oldest), limit, oldest id kept (age).
    // Answers {last generated id, oldest retained id, entries ever added, length, 1 if the after id is retained, entries}.
    private static final Scripts READ = new Scripts("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return {false, false, 0, 0, 0, {}}
            end
            redis.call('XTRIM', KEYS[1], 'MINID', ARGV[3])
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local last, first, added, length = false, false, 0, 0
            for i = 1, #info, 2 do
              local key = info[i]
              if key == 'last-generated-id' then last = info[i + 1]
              elseif key == 'first-entry' and info[i + 1] then first = info[i + 1][1]
              elseif key == 'entries-added' then added = info[i + 1]
              elseif key == 'length' then length = info[i + 1] end
            end
            local retained = 0
            local entries
            if ARGV[1] == '' then
              entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[2])
            else
              if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) > 0 then retained = 1 end
              entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
            end
            return {last, first, added, length, retained, entries}
            """);

    @Inject
    RedisConnections redis;

    @Inject
    HeraldConfig config;

    @Override
    public Envelope append(Channel channel, EnvelopeBody body) {
        try {
            String id = APPEND.run(redis.scripting(), ScriptOutputType.VALUE, keys(channel), RedisKeys.pubSub(channel),
                    body.type(), body.json(), Integer.toString(config.historyMaxEvents()), oldestKept(),
                    Long.toString(config.historyMaxAgeSeconds() * 1000), publishCommand());
            return Envelope.of(EventId.parse(id).orElseThrow(), body);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * One script for the whole batch, so its events are retained and on the bus together, in one
     * round trip; in a cluster one for each slot the batch touches (a script's keys must share
     * one), pipelined. A channel's events share its slot, so each channel's order holds.
     */
    @Override
    public List<Envelope> appendAll(List<Draft> drafts) {
        if (drafts.size() < 2) {
            return drafts.stream().map(draft -> append(draft.channel(), draft.body())).toList();
        }
        try {
            List<List<Integer>> groups = redis.isClusterMode() ? bySlot(drafts) : List.of(allOf(drafts));
            List<CompletableFuture<List<Object>>> started = new ArrayList<>(groups.size());
            RedisScriptingAsyncCommands<String, String> pipeline = redis.scriptingAsync();
            for (List<Integer> group : groups) {
                started.add(APPEND_ALL.start(pipeline, ScriptOutputType.MULTI, keys(drafts, group), appendArgs(drafts, group)));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.redisTimeoutMillis());
            Envelope[] appended = new Envelope[drafts.size()];
            for (int i = 0; i < groups.size(); i++) {
                collect(drafts, groups.get(i), await(started.get(i), deadline), appended);
            }
            return List.of(appended);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private static void collect(List<Draft> drafts, List<Integer> group, List<Object> ids, Envelope[] appended) {
        for (int i = 0; i < group.size(); i++) {
            int index = group.get(i);
            appended[index] = Envelope.of(EventId.parse((String) ids.get(i)).orElseThrow(), drafts.get(index).body());
        }
    }

    private static List<Integer> allOf(List<Draft> drafts) {
        List<Integer> all = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private static List<List<Integer>> bySlot(List<Draft> drafts) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            groups.computeIfAbsent(SlotHash.getSlot(RedisKeys.stream(drafts.get(i).channel())), slot -> new ArrayList<>())
                    .add(i);
        }
        return new ArrayList<>(groups.values());
    }

    private static String[] keys(List<Draft> drafts, List<Integer> group) {
        String[] keys = new String[group.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RedisKeys.stream(drafts.get(group.get(i)).channel());
        }
        return keys;
    }

    private String[] appendArgs(List<Draft> drafts, List<Integer> group) {
        String[] args = new String[4 + 3 * group.size()];
        args[0] = Integer.toString(config.historyMaxEvents());
        args[1] = oldestKept();
        args[2] = Long.toString(config.historyMaxAgeSeconds() * 1000);
        args[3] = publishCommand();
        for (int i = 0; i < group.size(); i++) {
            Draft draft = drafts.get(group.get(i));
            args[4 + 3 * i] = RedisKeys.pubSub(draft.channel());
            args[5 + 3 * i] = draft.body().type();
            args[6 + 3 * i] = draft.body().json();
        }
        return args;
    }

    private String publishCommand() {
        return redis.isClusterMode() ? "SPUBLISH" : "PUBLISH";
    }

    @Override
    public History readAfter(Channel channel, Optional<String> afterId, int limit) {
        Optional<EventId> after = afterId.flatMap(EventId::parse);
        if (afterId.isPresent() && after.isEmpty()) {
            return new History(read(channel, Optional.empty(), limit).events(), History.Continuity.UNKNOWN_ID);
        }
        return read(channel, after, limit);
    }

    private History read(Channel channel, Optional<EventId> after, int limit) {
        List<Object> answer = script(READ, channel, after.map(EventId::toString).orElse(""), Integer.toString(limit),
                oldestKept());
        List<Envelope> events = entries(channel, (List<?>) answer.get(5));
        if (after.isEmpty()) {
            return new History(events, History.Continuity.CONTINUOUS);
        }
        EventId lastIssued = id(answer.get(0));
        EventId oldestRetained = id(answer.get(1));
        boolean trimmed = ((Long) answer.get(2)) > ((Long) answer.get(3));
        // Trimming removes from the head: all before the oldest retained entry is gone (all, if none is left).
        EventId trimmedUpTo = !trimmed ? null : oldestRetained == null ? lastIssued : oldestRetained.previous();
        History.Continuity continuity = ResumeRules.classify(
                after.get(), lastIssued, trimmedUpTo, Long.valueOf(1).equals(answer.get(4)));
        if (continuity == History.Continuity.CONTINUOUS) {
            return new History(events, continuity);
        }
        // The client's position is lost: start again at the oldest retained event.
        return new History(read(channel, Optional.empty(), limit).events(), continuity);
    }

    private List<Object> script(Scripts script, Channel channel, String... args) {
        try {
            return script.run(redis.scripting(), ScriptOutputType.MULTI, keys(channel), args);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<String> lastId(Channel channel) {
        List<Object> answer = script(READ, channel, "", "0", oldestKept());
        return Optional.ofNullable(id(answer.get(0))).map(EventId::toString);
    }

    private static List<Envelope> entries(Channel channel, List<?> entries) {
        List<Envelope> events = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            List<?> pair = (List<?>) entry;
            EventId id = EventId.parse((String) pair.get(0)).orElseThrow();
            List<?> fields = (List<?>) pair.get(1);
            String type = null;
            String body = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("t".equals(fields.get(i))) {
                    type = (String) fields.get(i + 1);
                } else if ("b".equals(fields.get(i))) {
                    body = (String) fields.get(i + 1);
                }
            }
            if (type != null && body != null) {
                events.add(new Envelope(id, channel.key(), type, id.millis(), Envelope.withId(id, body)));
            }
        }
        return events;
    }

    private static EventId id(Object value) {
        return value instanceof String text ? EventId.parse(text).orElse(null) : null;
    }

    private static String[] keys(Channel channel) {
        return new String[] {RedisKeys.stream(channel)};
    }

    private String oldestKept() {
        return Long.toString(Math.max(0, System.currentTimeMillis() - config.historyMaxAgeSeconds() * 1000)) + "-0";
    }

    private static <T> T await(Future<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private static RedisUnavailableException unavailable(Throwable cause) {
        // The publisher reads this in the 503; the cause, in Redis's own words, goes to the server log.
        boolean late = cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException;
        return new RedisUnavailableException(late ? "Redis did not answer in time" : "Redis did not accept the command",
                cause);
    }
}
