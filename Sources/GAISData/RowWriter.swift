import GAISCore

/// Writes kept rows back in their original text.
public enum RowWriter {
    /// Writes the table's header followed by the rows at `indices` (ascending), byte for byte
    /// as they appear in the input, to `path`, atomically. Runs of consecutive rows are copied
    /// as one range.
    public static func writeRows(of table: Table, indices: [Int], to path: String) throws {
        let file = try AtomicFile(path: path)
        do {
            try writeRows(of: table, indices: indices, into: file)
            try table.file.checkUnchanged()
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Writes the same bytes into an open file without committing it (to commit several outputs
    /// together, see `AtomicFile.commitAll`). The caller checks `table.file.checkUnchanged()`
    /// before committing.
    public static func writeRows(of table: Table, indices: [Int], into file: AtomicFile) throws {
        try writeRows(of: table, indices: indices) { try file.write($0) }
    }

    /// Produces the bytes of `writeRows`, in pieces, to `sink`.
    /// - Precondition: `indices` ascending, each in `0..<table.rowCount`.
    public static func writeRows(of table: Table, indices: [Int],
                                 sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let bytes = table.file.bytes
        let terminator = table.lineTerminator
        if !table.headerRange.isEmpty {
            try sink(UnsafeBufferPointer(rebasing: bytes[table.headerRange]))
            // A header block that ends the file gets a line end; a prefix that is only a
            // byte-order mark (a file without header) does not.
            let header = bytes[table.headerRange]
            let onlyMark = header.count == 3 && header.elementsEqual([0xEF, 0xBB, 0xBF])
            if let last = header.last, last != 10, !onlyMark { try terminator.withUnsafeBufferPointer { try sink($0) } }
        }
        // Rows are copied in file order; the pages behind them are given back as the copy
        // advances, so the input's mapping never holds more than a stride of resident pages.
        var released = 0
        defer { table.file.releasePages(0 ..< bytes.count) }
        var k = 0
        while k < indices.count {
            var e = k
            while e + 1 < indices.count && indices[e + 1] == indices[e] + 1 { e += 1 }
            let range = table.rowStarts[indices[k]] ..< table.rowEnds[indices[e]]
            try sink(UnsafeBufferPointer(rebasing: bytes[range]))
            if bytes[range.upperBound - 1] != 10 { try terminator.withUnsafeBufferPointer { try sink($0) } }
            if range.upperBound - released >= MappedFile.releaseStride {
                table.file.releasePages(released ..< range.upperBound)
                released = range.upperBound
            }
            k = e + 1
        }
    }
}
