package jgpt.eval;

/** One judged response, as one line of the scores file: score is null when the judge's reply held no score. */
public record ItemScore(int index, Integer score, String judgeReply, String prompt, String reference, String response) {
}
