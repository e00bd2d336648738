#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISCore
import GAISKernels

/// A file mapped read-only into memory, so large inputs are parsed in place and kept rows are
/// copied out by byte range without ever being re-formatted.
///
/// The file may change while it is mapped (another program truncating or rewriting it). A
/// shrinking file would kill the process with SIGBUS on the next read past its new end; here
/// the mapping is guarded so such reads see zero bytes instead, and `checkUnchanged()` (which
/// the reader calls after parsing, and writers call before committing) reports it as an error.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with (used in error messages).
    public let path: String
    /// The file's bytes.
    public let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?
    private let length: Int
    /// The open descriptor (mapped files only), to see whether the file changed.
    private let fd: Int32
    private let guardSlot: Int32
    private let openedStatus: stat?

    /// Maps `path`. Throws `GAISError.io` when the file cannot be opened or mapped.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GAISError.io(file: path, message: String(cString: strerror(errno)).lowercased())
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno)).lowercased()
            close(fd)
            throw GAISError.io(file: path, message: message)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw GAISError.io(file: path, message: "not a regular file")
        }
        openedStatus = info
        length = Int(info.st_size)
        if length == 0 {
            close(fd)
            self.fd = -1
            mapping = nil
            guardSlot = -1
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let pointer = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            let message = String(cString: strerror(errno)).lowercased()
            close(fd)
            throw GAISError.io(file: path, message: "cannot map file: " + message)
        }
        let slot = gais_guard_mapping(pointer, length)
        guard slot >= 0 else {
            // Every guard slot is taken (64 files mapped at once): read this one into memory.
            munmap(pointer, length)
            let copy = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 16)
            var offset = 0
            while offset < length {
                let n = pread(fd, copy + offset, length - offset, off_t(offset))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let message = n == 0 ? "the file shrank while it was read" : String(cString: strerror(errno)).lowercased()
                    copy.deallocate()
                    close(fd)
                    throw GAISError.io(file: path, message: message)
                }
                offset += n
            }
            self.fd = fd
            guardSlot = -1
            mapping = nil
            ownedCopy = copy
            bytes = UnsafeBufferPointer(start: copy.assumingMemoryBound(to: UInt8.self), count: length)
            return
        }
        _ = madvise(pointer, length, MADV_SEQUENTIAL)
        self.fd = fd
        guardSlot = slot
        mapping = pointer
        bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Wraps bytes held in memory (tests, standard input), copying them.
    public init(bytes source: [UInt8], path: String) {
        self.path = path
        length = source.count
        fd = -1
        guardSlot = -1
        openedStatus = nil
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
        if let mapping {
            gais_unguard_mapping(guardSlot)
            munmap(mapping, length)
        }
        if fd >= 0 { close(fd) }
        ownedCopy?.deallocate()
    }

    /// The device and inode of the file (nil for bytes held in memory).
    public var identity: (device: UInt64, inode: UInt64)? {
        openedStatus.map { (UInt64($0.st_dev), UInt64($0.st_ino)) }
    }

    /// Whether the file was truncated or modified since it was mapped (a read past its new end
    /// saw zeros, or its size or modification time differ).
    public var changed: Bool {
        guard fd >= 0, let before = openedStatus else { return false }
        if guardSlot >= 0 && gais_mapping_faulted(guardSlot) != 0 { return true }
        var now = stat()
        guard fstat(fd, &now) == 0 else { return true }
        return now.st_size != before.st_size || now.st_mtim.tv_sec != before.st_mtim.tv_sec
            || now.st_mtim.tv_nsec != before.st_mtim.tv_nsec
    }

    /// Throws when the file changed since it was mapped (see `changed`): what was read from it
    /// may not be what it holds.
    public func checkUnchanged() throws {
        if changed { throw MappedFile.changedError(path) }
    }

    static func changedError(_ path: String) -> GAISError {
        GAISError.io(file: path, message: "the input changed while it was being read (modified or truncated); nothing written")
    }

    /// The text of `range`, decoded as UTF-8 (invalid bytes are replaced; inputs are validated
    /// before this is used for anything that matters).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Gives back this process's copies of the pages lying wholly inside `range`: the kernel's
    /// page cache keeps the file, and a later read maps them again (memory held in memory, not
    /// mapped, is left alone). Readers call it behind each chunk they are done with and the row
    /// writer behind the rows it has copied, so a file of several gigabytes never counts in the
    /// process's resident memory all at once. A region the SIGBUS guard replaced by zero pages
    /// reads as zeros again afterwards, so a truncation is still reported.
    public func releasePages(_ range: Range<Int>) {
        guard let mapping, !range.isEmpty else { return }
        let page = MappedFile.pageSize
        let lower = (max(0, range.lowerBound) + page - 1) / page * page
        let upper = min(length, range.upperBound) / page * page
        guard upper > lower else { return }
        _ = madvise(mapping + lower, upper - lower, MADV_DONTNEED)
    }

    /// Offsets that cut `from..<to` into `count` parts of about equal size for parallel
    /// passes: `from`, then for each even split point the offset right after the next newline
    /// (or `to`), never decreasing, then `to`.
    ///
    /// Each probe's pages are released at once: a page fault maps the whole page-cache folio
    /// around the byte (hundreds of kilobytes here, see BENCHMARKS.md "Scaling to 10M rows"),
    /// so 4,096 probes into a 4.7 GB file would otherwise hold about 1.9 GB mapped until each
    /// part's pass went by.
    public func newlineCuts(count: Int, from: Int, to: Int) -> [Int] {
        guard let base = bytes.baseAddress, count > 1, to > from else { return [from, max(from, to)] }
        var cuts = [from]
        let size = to - from
        let window = MappedFile.releaseStride / 2
        for c in 1..<count {
            let probe = max(from + 1, from + c * (size / count))
            var i = probe
            while i < to && base[i - 1] != 10 { i += 1 }
            cuts.append(max(i, cuts.last!))
            releasePages(max(from, probe - window) ..< min(to, i + window))
        }
        cuts.append(to)
        return cuts
    }

    /// Pages released at once by the readers and the writer (`releasePages`) when they go
    /// through a file in order: large enough that the calls cost nothing, small against memory.
    public static let releaseStride = 8 << 20

    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Length of a UTF-8 byte-order mark at the start of the file (3), or 0.
    public var byteOrderMarkLength: Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }
}
