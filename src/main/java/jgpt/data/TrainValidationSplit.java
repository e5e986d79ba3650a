package jgpt.data;

/** The first part of a token sequence for training and the rest for validation, as the book splits its text. */
public record TrainValidationSplit(TokenSequence train, TokenSequence validation) {

    /** Splits at trainRatio of the length: ids [0, split) train, [split, n) validate. */
    public static TrainValidationSplit byRatio(TokenSequence tokens, double trainRatio) {
        if (!(trainRatio > 0 && trainRatio <= 1)) {
            throw new IllegalArgumentException("the train ratio must be in (0, 1], got " + trainRatio);
        }
        long split = (long) Math.floor(trainRatio * tokens.length());
        return new TrainValidationSplit(tokens.slice(0, split), tokens.slice(split, tokens.length()));
    }
}
