package jgpt.finetune.classify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Set;
import jgpt.model.GPTModel;
import jgpt.nn.LoRA;
import jgpt.nn.Parameter;
import jgpt.tensor.Tensor;

/**
 * A SHA-256 over a model's config and every base weight (names, shapes and float32 bits; LoRA adapters
 * left out), so that adapters and heads trained on one base model are never applied to another.
 */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    /** The fingerprint, as 64 hex digits. */
    public static String of(GPTModel model) {
        MessageDigest sha = sha256();
        sha.update(model.config().toString().getBytes(StandardCharsets.UTF_8));
        Set<Tensor> adapters = Collections.newSetFromMap(new IdentityHashMap<>());
        LoRA.adapterParameters(model).forEach(p -> adapters.add(p.tensor()));
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : model.parameters()) {
            if (adapters.contains(p.tensor())) continue;
            sha.update((p.name() + Arrays.toString(p.tensor().shape())).getBytes(StandardCharsets.UTF_8));
            for (float v : p.tensor().toFloatArray()) {
                if (!bytes.hasRemaining()) flush(sha, bytes);
                bytes.putFloat(v);
            }
            flush(sha, bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void flush(MessageDigest sha, ByteBuffer bytes) {
        sha.update(bytes.flip());
        bytes.clear();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    }
}
