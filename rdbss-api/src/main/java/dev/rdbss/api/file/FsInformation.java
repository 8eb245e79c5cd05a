package dev.rdbss.api.file;

import java.util.Objects;

/**
 * Typed volume information ({@code FILE_FS_*_INFORMATION}), what {@code MRxQueryVolumeInfo} returns
 * (spec §5.2 "Information").
 */
public sealed interface FsInformation {

  /** {@code FILE_FS_VOLUME_INFORMATION}. */
  record Volume(String volumeLabel, int serialNumber) implements FsInformation {
    public Volume {
      Objects.requireNonNull(volumeLabel, "volumeLabel");
    }
  }

  /** {@code FILE_FS_FULL_SIZE_INFORMATION}. */
  record Size(
      long totalAllocationUnits,
      long callerAvailableAllocationUnits,
      long actualAvailableAllocationUnits,
      int sectorsPerAllocationUnit,
      int bytesPerSector)
      implements FsInformation {}

  /** {@code FILE_FS_ATTRIBUTE_INFORMATION}. */
  record Attribute(int fileSystemAttributes, int maximumComponentNameLength, String fileSystemName)
      implements FsInformation {
    public Attribute {
      Objects.requireNonNull(fileSystemName, "fileSystemName");
    }
  }
}
