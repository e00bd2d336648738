import GAISCore

/// Writes kept rows back in their original text.
public enum RowWriter {
    /// Writes the table's header followed by the rows at `indices` (ascending), byte for byte
    /// as they appear in the input, to `path`, atomically. Runs of consecutive rows are copied
    /// as one range.
    public static func writeRows(of table: Table, indices: [Int], to path: String) throws {
        let file = try AtomicFile(path: path)
        do {
            let bytes = table.file.bytes
            if !table.headerRange.isEmpty {
                try file.write(UnsafeBufferPointer(rebasing: bytes[table.headerRange]))
                if let last = bytes[table.headerRange].last, last != 10 { try write(table.lineTerminator, to: file) }
            }
            var k = 0
            while k < indices.count {
                var e = k
                while e + 1 < indices.count && indices[e + 1] == indices[e] + 1 { e += 1 }
                let range = table.rowStarts[indices[k]] ..< table.rowEnds[indices[e]]
                try file.write(UnsafeBufferPointer(rebasing: bytes[range]))
                if bytes[range.upperBound - 1] != 10 { try write(table.lineTerminator, to: file) }
                k = e + 1
            }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    private static func write(_ bytes: [UInt8], to file: AtomicFile) throws {
        try bytes.withUnsafeBufferPointer { try file.write($0) }
    }
}
