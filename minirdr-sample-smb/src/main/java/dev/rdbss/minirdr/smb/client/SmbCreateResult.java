package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileInformation;
import java.util.Objects;

/**
 * A successful SMB2 CREATE.
 *
 * @param fileId the open's handle on the server
 * @param createAction what the create did (the {@code IoStatus.Information} RDBSS reports, §6.4)
 * @param grantedOplock the oplock the server granted ({@link OplockLevel#NONE} on a transport
 *     without oplocks)
 * @param attributes times, sizes and attributes of the file as the create answer carries them
 */
public record SmbCreateResult(
    SmbFileId fileId,
    CreateInformation createAction,
    OplockLevel grantedOplock,
    FileInformation.NetworkOpen attributes) {

  public SmbCreateResult {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(createAction, "createAction");
    Objects.requireNonNull(grantedOplock, "grantedOplock");
    Objects.requireNonNull(attributes, "attributes");
  }
}
