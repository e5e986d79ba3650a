package jgpt.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Tokenizes text files into token shards ({@code jgpt data prepare}): each file is a document, documents are
 * joined with the end-of-text id, pieces of files are tokenized in parallel and written in input order. The
 * last validationRatio of the corpus (by bytes, as the book splits its text) becomes the validation split.
 */
public final class CorpusPreparer {
    /** The tokenizer as this package needs it. */
    public record Encoder(String name, Function<String, int[]> encode, int vocabSize, int endOfTextId) {
    }

    public record Options(int threads, double validationRatio, int tokensPerShard, int pieceBytes) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            if (!(validationRatio >= 0 && validationRatio < 1)) {
                throw new IllegalArgumentException("--validation-ratio must be in [0, 1), got " + validationRatio);
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 0.1, 1 << 25, 1 << 20);
        }
    }

    private CorpusPreparer() {
    }

    /** The files named, with directories expanded to their regular, non-hidden files in path order. */
    public static List<Path> expandInputs(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isRegularFile(in)) {
                files.add(in);
            } else if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + in + ": " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("input " + in + " does not exist");
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("the inputs " + inputs + " hold no files");
        return files;
    }

    public static long totalBytes(List<Path> files) {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    /** Tokenizes files into outDir; progress receives the number of bytes done after each piece. */
    public static TokenShards.Manifest prepare(List<Path> files, Path outDir, Encoder encoder, Options options, LongConsumer progress) {
        long total = totalBytes(files);
        if (total == 0) throw new IllegalArgumentException("the corpus is empty: " + files.size() + " file(s) with no text");
        clearOutput(outDir);
        long splitByte = (long) Math.floor((1 - options.validationRatio()) * total);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try (var train = new TokenShardWriter(outDir, "train", encoder.vocabSize(), options.tokensPerShard());
             var validation = new TokenShardWriter(outDir, "validation", encoder.vocabSize(), options.tokensPerShard())) {
            var router = new SplitRouter(train, validation, splitByte);
            ArrayDeque<PendingPiece> inFlight = new ArrayDeque<>();
            for (int doc = 0; doc < files.size(); doc++) {
                if (doc > 0) inFlight.add(new PendingPiece(null, 0, true));
                try (var pieces = new TextPieces(files.get(doc), options.pieceBytes())) {
                    for (var p = pieces.next(); p != null; p = pieces.next()) {
                        String text = p.text();
                        inFlight.add(new PendingPiece(pool.submit(() -> encoder.encode().apply(text)), p.bytes(), false));
                        while (inFlight.size() > 2 * options.threads()) router.accept(inFlight.poll(), encoder, progress);
                    }
                }
            }
            while (!inFlight.isEmpty()) router.accept(inFlight.poll(), encoder, progress);
            train.close();
            validation.close();
            if (train.totalTokens() + validation.totalTokens() <= files.size() - 1) {
                throw new IllegalArgumentException("the corpus holds no text to train on: its " + files.size() + " file(s) are blank");
            }
            var manifest = new TokenShards.Manifest("jgpt-token-shards", TokenShardHeader.VERSION, encoder.name(), encoder.vocabSize(),
                    encoder.endOfTextId(), files.size(), Map.of(
                    "train", new TokenShards.Split(train.totalTokens(), train.shardNames()),
                    "validation", new TokenShards.Split(validation.totalTokens(), validation.shardNames())));
            TokenShards.writeManifest(outDir, manifest);
            return manifest;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A piece being tokenized (or, with separator set, the end-of-text id between two documents). */
    private record PendingPiece(Future<int[]> ids, int bytes, boolean separator) {
    }

    /** Sends ids to the train writer until the split byte, then to the validation writer. */
    private static final class SplitRouter {
        private final TokenShardWriter train, validation;
        private final long splitByte;
        private long bytesDone;

        SplitRouter(TokenShardWriter train, TokenShardWriter validation, long splitByte) {
            this.train = train;
            this.validation = validation;
            this.splitByte = splitByte;
        }

        void accept(PendingPiece piece, Encoder encoder, LongConsumer progress) {
            int[] ids = piece.separator() ? new int[] {encoder.endOfTextId()} : await(piece.ids());
            long end = bytesDone + piece.bytes();
            // a piece that straddles the split byte is cut in proportion to its bytes
            int toTrain = end <= splitByte ? ids.length
                    : bytesDone >= splitByte ? 0
                    : (int) Math.round((double) ids.length * (splitByte - bytesDone) / piece.bytes());
            train.write(ids, 0, toTrain);
            validation.write(ids, toTrain, ids.length - toTrain);
            bytesDone = end;
            progress.accept(bytesDone);
        }
    }

    private static int[] await(Future<int[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tokenizing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("tokenizing failed: " + e.getCause(), e.getCause());
        }
    }

    // refuses a non-empty directory that is not an earlier data set; removes an earlier data set's files
    private static void clearOutput(Path outDir) {
        try {
            if (Files.isDirectory(outDir) && TokenShards.isShardDirectory(outDir)) {
                var old = TokenShards.open(outDir).manifest();
                Files.delete(outDir.resolve(TokenShards.MANIFEST));
                for (var split : old.splits().values()) for (String f : split.shards()) Files.deleteIfExists(outDir.resolve(f));
            }
            if (Files.isDirectory(outDir)) {
                try (Stream<Path> entries = Files.list(outDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("output directory " + outDir + " is not empty; choose a new one");
                    }
                }
            }
            Files.createDirectories(outDir);
            if (!Files.isWritable(outDir)) throw new IllegalArgumentException("output directory " + outDir + " is not writable");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + outDir + ": " + e.getMessage(), e);
        }
    }
}
