package jgpt.eval;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores model responses from 0 to 100 with a judge model, as the book does with Llama 3 through Ollama:
 * each response, its prompt and the reference answer go to the judge, whose first whole number from 0 to
 * 100 is the score. Every item's score is appended to a JSON lines file as soon as it is known; items the
 * file already holds are skipped, so an interrupted run resumes and nothing scored is ever lost.
 */
public final class ResponseJudge {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("(?<![\\d.])\\d{1,3}(?![\\d.])");

    private final JudgeClient client;

    /** items: responses judged; scored: those with a score; average over the scored ones (NaN if none). */
    public record Result(int items, int scored, int withoutScore, double averageScore) {
    }

    public ResponseJudge(JudgeClient client) {
        this.client = client;
    }

    /** Judges every response not yet in scoresFile; onScore hears about each new score. */
    public Result judge(List<ModelResponse> responses, Path scoresFile, Consumer<ItemScore> onScore) {
        try (ScoresFile file = ScoresFile.open(scoresFile)) {
            Map<Integer, ItemScore> done = new HashMap<>();
            for (ItemScore earlier : file.existing()) {
                checkSameItem(earlier, responses, scoresFile);
                done.put(earlier.index(), earlier);
            }
            for (int i = 0; i < responses.size(); i++) {
                if (done.containsKey(i)) continue;
                ModelResponse r = responses.get(i);
                String reply;
                try {
                    reply = client.ask(judgePrompt(r));
                } catch (JudgeException e) {
                    throw new JudgeException(e.getMessage() + " " + done.size() + " of " + responses.size()
                            + " responses are scored in " + scoresFile + "; run the same command again to go on from there.");
                }
                ItemScore score = new ItemScore(i, parseScore(reply), reply, r.prompt(), r.reference(), r.response());
                file.append(score);
                done.put(i, score);
                onScore.accept(score);
            }
            return summarize(done.values().stream().toList());
        }
    }

    /** The question the judge is asked about one response. */
    public static String judgePrompt(ModelResponse r) {
        return "Given the input `" + r.prompt() + "` and the correct output `" + r.reference() + "`, score the model response `"
                + r.response() + "` on a scale from 0 to 100, where 100 is the best score. Respond with the integer number only.";
    }

    /** The first whole number from 0 to 100 in a reply ("Score: 85/100" -> 85), or null if there is none. */
    public static Integer parseScore(String reply) {
        Matcher m = WHOLE_NUMBER.matcher(reply);
        while (m.find()) {
            int value = Integer.parseInt(m.group());
            if (value <= 100) return value;
        }
        return null;
    }

    private static Result summarize(List<ItemScore> scores) {
        int scored = 0;
        double sum = 0;
        for (ItemScore s : scores) {
            if (s.score() == null) continue;
            scored++;
            sum += s.score();
        }
        return new Result(scores.size(), scored, scores.size() - scored, scored == 0 ? Double.NaN : sum / scored);
    }

    private static void checkSameItem(ItemScore earlier, List<ModelResponse> responses, Path scoresFile) {
        boolean same = earlier.index() >= 0 && earlier.index() < responses.size()
                && responses.get(earlier.index()).prompt().equals(earlier.prompt())
                && responses.get(earlier.index()).response().equals(earlier.response());
        if (!same) {
            throw new IllegalArgumentException(scoresFile + " holds scores of other responses (item " + earlier.index()
                    + " differs); give another --out or delete the file to start over.");
        }
    }
}
