package dev.rdbss.minirdr.smb.client;

/**
 * The server's handle for an open ({@code SMB2_FILEID}): what a mini-redirector keeps in its
 * SRV_OPEN context and passes back on every request. It is valid only on the tree that opened it
 * and only until close, disconnect or server restart.
 *
 * @param persistent the persistent part
 * @param volatileId the volatile part
 */
public record SmbFileId(long persistent, long volatileId) {

  @Override
  public String toString() {
    return String.format("SmbFileId[%016x:%016x]", persistent, volatileId);
  }
}
