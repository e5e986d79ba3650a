package jgpt.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode throughput of jgpt's GPT-2 tokenizer against JTokkit's r50k_base, on the same text in the
 * same run: the parity-test corpus (prose in 21 languages, code, emails, other scripts and emoji).
 * One op encodes the whole corpus, document by document. Run with scripts/bench-tokenizer.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class TokenizerBenchmark {
    private List<String> documents;
    private Tokenizer jgpt;
    private Encoding jtokkit;

    @Setup
    public void setUp() {
        documents = TestCorpus.documents().stream().map(TestCorpus.Document::text).toList();
        jgpt = Tokenizers.gpt2();
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    @Benchmark
    @Threads(1)
    public void jgptOneThread(Blackhole sink) {
        for (String text : documents) sink.consume(jgpt.encodeOrdinary(text));
    }

    @Benchmark
    @Threads(1)
    public void jtokkitOneThread(Blackhole sink) {
        for (String text : documents) sink.consume(jtokkit.encodeOrdinary(text));
    }

    @Benchmark
    @Threads(Threads.MAX)
    public void jgptAllThreads(Blackhole sink) {
        for (String text : documents) sink.consume(jgpt.encodeOrdinary(text));
    }

    @Benchmark
    @Threads(Threads.MAX)
    public void jtokkitAllThreads(Blackhole sink) {
        for (String text : documents) sink.consume(jtokkit.encodeOrdinary(text));
    }
}
