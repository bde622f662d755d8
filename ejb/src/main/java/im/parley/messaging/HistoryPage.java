package im.parley.messaging;

import java.io.Serializable;
import java.util.List;

/**
 * One page of archive, oldest first. {@code complete} is true when no older message
 * exists before this page (the XEP-0313 sense when paging backwards).
 */
public record HistoryPage(List<InstantMessageData> messages, boolean complete) implements Serializable {

    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
