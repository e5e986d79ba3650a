package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.List;

/** One source of the pretraining corpus: the documents it yields from the fetched raw folder, in order. */
public interface PretrainSource {
    /** The name of its text files (NN/NAME.txt) and of its row in the table. */
    String name();

    List<String> documents(Path raw);
}
