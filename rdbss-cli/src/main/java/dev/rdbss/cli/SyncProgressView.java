package dev.rdbss.cli;

import dev.rdbss.minirdr.csc.SyncListener;
import dev.rdbss.minirdr.csc.SyncProgress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows the CSC sample's sync progress ({@link SyncListener}): a progress bar on a terminal
 * (progressbar, drawn on the same output as the rest), one line per replayed entry otherwise, so
 * that CI logs and test transcripts read as a list.
 */
final class SyncProgressView implements SyncListener, AutoCloseable {

  private final PrintWriter out;
  private final boolean bar;
  private @Nullable ProgressBar progressBar;

  SyncProgressView(PrintWriter out, Style style) {
    this.out = out;
    this.bar = style.isColoured();
  }

  @Override
  public synchronized void progress(SyncProgress p) {
    if (p.total() == 0) {
      return; // a pass with nothing to replay (the second pass usually)
    }
    if (!bar) {
      if (!p.currentPath().isEmpty()) {
        out.println(
            "         sync " + p.share() + " [" + p.done() + "/" + p.total() + "] " + p.currentPath()
                + (p.conflicts() > 0 ? " (" + p.conflicts() + " conflict(s) so far)" : ""));
        out.flush();
      }
      return;
    }
    ProgressBar pb = progressBar;
    if (pb == null) {
      pb =
          new ProgressBarBuilder()
              .setTaskName("sync " + p.share())
              .setInitialMax(p.total())
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(50)
              .continuousUpdate()
              .build();
      progressBar = pb;
    }
    pb.maxHint(p.total());
    pb.stepTo(p.done());
    pb.setExtraMessage(p.currentPath());
    if (p.finished()) {
      pb.close();
      progressBar = null;
    }
  }

  @Override
  public synchronized void close() {
    ProgressBar pb = progressBar;
    if (pb != null) {
      pb.close();
      progressBar = null;
    }
  }
}
