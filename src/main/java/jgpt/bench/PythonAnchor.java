package jgpt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference ("anchor") script from scripts/bench with python3, for a benchmark to print its
 * figures beside ours measured in the same run.
 */
public final class PythonAnchor {
    private static final long TIMEOUT_MINUTES = 30;

    private PythonAnchor() {}

    /** The anchor's output lines (stdout and stderr together), or why there are none. */
    public sealed interface Outcome {
        /** @param python the interpreter that ran the script */
        record Lines(String python, List<String> lines) implements Outcome {}

        record Unavailable(String reason) implements Outcome {}
    }

    /** Runs {@code python3 scripts/bench/<script> args...} with extra environment variables. */
    public static Outcome run(String script, List<String> args, Map<String, String> env) {
        return run("python3", script, args, env);
    }

    /**
     * Runs the script with the first interpreter that can import module: $JGPT_PYTHON, python3 on the PATH,
     * then /usr/bin/python3 (where Debian's python3-torch installs, when the PATH's python3 is another one).
     */
    public static Outcome runWithModule(String module, String script, List<String> args, Map<String, String> env) {
        var candidates = new ArrayList<String>();
        if (System.getenv("JGPT_PYTHON") != null) candidates.add(System.getenv("JGPT_PYTHON"));
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        for (String python : candidates) {
            if (imports(python, module)) return run(python, script, args, env);
        }
        return new Outcome.Unavailable("no python3 here can import " + module + " (for PyTorch on Debian: apt-get install python3-torch "
                + "libopenblas0-pthread; or set JGPT_PYTHON)");
    }

    private static boolean imports(String python, String module) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Outcome run(String python, String script, List<String> args, Map<String, String> env) {
        Path path = locate(script);
        if (path == null) return new Outcome.Unavailable("scripts/bench/" + script + " was not found next to the jgpt jar or in the working directory");
        var command = new ArrayList<String>(List.of(python, path.toString()));
        command.addAll(args);
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            List<String> output = process.inputReader(StandardCharsets.UTF_8).lines().toList();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Outcome.Unavailable(script + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                String last = output.isEmpty() ? "exit code " + process.exitValue() : output.getLast();
                return new Outcome.Unavailable(script + " failed: " + last);
            }
            return new Outcome.Lines(python, output);
        } catch (IOException e) {
            return new Outcome.Unavailable(python + " was not found or could not be started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unavailable("interrupted while waiting for " + script);
        }
    }

    /** scripts/bench/<script> under the project root that holds target/jgpt.jar, else under the working directory. */
    private static Path locate(String script) {
        var candidates = new ArrayList<Path>();
        try {
            Path code = Path.of(PythonAnchor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/jgpt.jar or target/classes: the project root is two levels up.
            if (code.getParent() != null && code.getParent().getParent() != null) candidates.add(code.getParent().getParent());
        } catch (Exception e) {
            // No code source (unusual class loader): fall back to the working directory.
        }
        candidates.add(Path.of("").toAbsolutePath());
        for (Path root : candidates) {
            Path path = root.resolve("scripts").resolve("bench").resolve(script);
            if (Files.isRegularFile(path)) return path;
        }
        return null;
    }
}
