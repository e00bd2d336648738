import GAISCore
import GAISKernels

/// Rejects binary files and invalid UTF-8 before parsing, with the line where it starts.
enum ContentCheck {
    static func validate(_ file: MappedFile) throws {
        guard let p = file.bytes.baseAddress else { return }
        let count = file.bytes.count
        let block = 1 << 22
        // Per block: first NUL offset, and whether any byte is non-ASCII.
        let scans = Parallel.map(count: (count + block - 1) / block) { b -> (nul: Int?, nonASCII: Bool) in
            let lo = b * block, hi = min(count, lo + block)
            let found = gais_scan_content(p + lo, hi - lo)
            if found & 1 != 0 {
                for k in lo..<hi where p[k] == 0 { return (k, true) }
            }
            file.releasePages(lo..<hi)
            return (nil, found & 2 != 0)
        }
        if let nul = scans.lazy.compactMap({ $0.nul }).first {
            throw GAISError.malformedData(file: file.path, line: lineNumber(p, at: nul),
                                          message: "binary content (NUL byte); expected a text table")
        }
        guard scans.contains(where: { $0.nonASCII }) else { return }
        if let bad = firstInvalidUTF8(p, count) {
            throw GAISError.malformedData(file: file.path, line: lineNumber(p, at: bad),
                                          message: "invalid UTF-8 (byte 0x\(String(p[bad], radix: 16, uppercase: true)))")
        }
    }

    static func lineNumber(_ p: UnsafePointer<UInt8>, at offset: Int) -> Int {
        var line = 1
        for i in 0..<offset where p[i] == 10 { line += 1 }
        return line
    }

    /// Offset of the first byte that breaks UTF-8, or nil.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var i = 0
        while i < count {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            let need: Int
            var minimum: UInt32
            var code: UInt32
            if b & 0xE0 == 0xC0 { need = 1; code = UInt32(b & 0x1F); minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { need = 2; code = UInt32(b & 0x0F); minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { need = 3; code = UInt32(b & 0x07); minimum = 0x10000 }
            else { return i }
            guard i + need < count else { return i }
            for k in 1...need {
                let c = p[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                code = code << 6 | UInt32(c & 0x3F)
            }
            if code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }
}
