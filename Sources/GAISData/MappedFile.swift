#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISCore

/// A file mapped read-only into memory, so large inputs are parsed in place and kept rows are
/// copied out by byte range without ever being re-formatted.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with (used in error messages).
    public let path: String
    /// The file's bytes.
    public let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?
    private let length: Int

    /// Maps `path`. Throws `GAISError.io` when the file cannot be opened or mapped.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GAISError.io(file: path, message: String(cString: strerror(errno)).lowercased())
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GAISError.io(file: path, message: String(cString: strerror(errno)).lowercased())
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw GAISError.io(file: path, message: "not a regular file")
        }
        length = Int(info.st_size)
        if length == 0 {
            mapping = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let pointer = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw GAISError.io(file: path, message: "cannot map file: " + String(cString: strerror(errno)).lowercased())
        }
        _ = madvise(pointer, length, MADV_SEQUENTIAL)
        mapping = pointer
        bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Wraps bytes held in memory (tests, standard input), copying them.
    public init(bytes source: [UInt8], path: String) {
        self.path = path
        length = source.count
        if source.isEmpty {
            mapping = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: source.count, alignment: 16)
        source.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: source.count) }
        mapping = nil
        ownedCopy = pointer
        bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: source.count)
    }

    private var ownedCopy: UnsafeMutableRawPointer?

    deinit {
        if let mapping { munmap(mapping, length) }
        ownedCopy?.deallocate()
    }

    /// The text of `range`, decoded as UTF-8 (invalid bytes are replaced; inputs are validated
    /// before this is used for anything that matters).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
