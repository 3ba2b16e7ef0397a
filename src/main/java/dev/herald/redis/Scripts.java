package dev.herald.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run by its SHA-1, sent whole only when Redis does not know it (first use, or after a restart). */
final class Scripts {

    private final String source;
    private final String sha;

    Scripts(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    <T> T run(RedisScriptingCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException unknown) {
            return redis.eval(source, type, keys, args);
        }
    }

    /**
     * Starts the script without waiting (Lettuce pipelines such calls). Redis refuses it unrun, with
     * {@link RedisNoScriptException}, if it lacks the script: {@link #run} it then.
     */
    <T> RedisFuture<T> start(RedisScriptingAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return redis.evalsha(sha, type, keys, args);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
