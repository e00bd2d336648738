#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISCore
import GAISKernels

/// Writes a file atomically: everything goes to a temporary file beside the destination, which
/// is renamed over it only once complete. A failure (or an interrupt: the temporary's path is
/// registered, before the file exists, in the fixed C table the interrupt handler walks, see
/// `GAISSignals.h`) never leaves a half-written result or a temporary behind.
///
/// Permissions are those of the tools users know: a new file gets 0666 minus the umask, an
/// existing file keeps its mode (and an existing file that is not writable is refused), and a
/// destination that is a symbolic link is written through to the link's target.
public final class AtomicFile {
    /// The path asked for.
    public let path: String
    /// Where the result goes: `path`, or the file a symbolic link at `path` leads to.
    public private(set) var destination: String = ""
    private var temporaryPath: String = ""
    private var slot: Int32 = -1
    /// Writing straight to a device or pipe (`/dev/stdout`, `/dev/null`): no rename possible.
    private var direct = false
    private var fd: Int32 = -1
    /// The write buffer: `bufferCapacity` bytes, page-aligned so that it can be handed to a
    /// direct write; it is only ever flushed whole, except at the end, so every flush before
    /// the last starts at a multiple of `bufferCapacity` in the file.
    private var buffer: UnsafeMutableRawPointer?
    private var buffered = 0
    /// Bytes handed to the kernel so far.
    private var written = 0
    /// Of those, the bytes written with `O_DIRECT` (for tests).
    private(set) var directBytes = 0
    /// After this many bytes, whole buffers are written with `O_DIRECT` (nil: never).
    private let directAfter: Int?
    /// The file descriptor is in `O_DIRECT` mode.
    private var writingDirect = false
    /// A direct write was refused (a file system without it, a misaligned short write): the
    /// rest goes through the page cache.
    private var directRefused = false
    private var finished = false

    static let bufferCapacity = 1 << 20
    /// Output larger than this bypasses the page cache by default (`cacheBypass`).
    public static let defaultDirectThreshold = 8 << 20

    /// Opens a temporary file next to `path`'s destination.
    ///
    /// With `cacheBypass`, everything after the first `defaultDirectThreshold` bytes (or
    /// `directAfter`, when given) is written with `O_DIRECT`, straight from the buffer to the
    /// file system, where the file system allows it: a large result that nothing in this
    /// process reads again then needs no fresh page-cache pages, which on a virtual machine
    /// whose host takes back idle guest memory cost far more than the disk write
    /// (BENCHMARKS.md, "fresh memory on this machine"). The bytes written are the same either way.
    public init(path: String, cacheBypass: Bool = false, directAfter: Int? = nil) throws {
        self.path = path
        self.directAfter = cacheBypass ? max(0, directAfter ?? AtomicFile.defaultDirectThreshold) : nil
        do {
            try openTemporary()
        } catch {
            // Nothing was created; the deinitialiser, which still runs, has nothing to undo.
            finished = true
            throw error
        }
        var aligned: UnsafeMutableRawPointer?
        guard posix_memalign(&aligned, 1 << 12, AtomicFile.bufferCapacity) == 0 else {
            abandon()
            throw GAISError.io(file: path, message: "cannot allocate a write buffer")
        }
        buffer = aligned
    }

    private func openTemporary() throws {
        let target = try AtomicFile.resolve(path)
        destination = target
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR {
            throw GAISError.io(file: path, message: "is a directory")
        }
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw GAISError.io(file: path, message: "cannot open: " + AtomicFile.lastError())
            }
            direct = true
            slot = -1
            temporaryPath = target
            return
        }
        if exists && access(target, W_OK) != 0 {
            throw GAISError.io(file: path, message: "cannot write: " + AtomicFile.lastError())
        }
        direct = false
        let (directory, name) = AtomicFile.split(target)
        var pathOut = [CChar](repeating: 0, count: Int(GAIS_TEMP_PATH_MAX))
        var slotOut: Int32 = -1
        fd = gais_temp_create("\(directory)/.\(name).tmp-XXXXXX", &slotOut, &pathOut)
        guard fd >= 0 else {
            throw GAISError.io(file: path, message: "cannot create file: " + AtomicFile.lastError())
        }
        slot = slotOut
        temporaryPath = String(cString: pathOut)
        let mode = exists ? info.st_mode & 0o7777 : 0o666 & ~AtomicFile.umaskBits
        fchmod(fd, mode)
    }

    deinit {
        if !finished { abandon() }
        free(buffer)  // nil when the initialiser failed: free(nil) does nothing
    }

    /// The process's umask, read once (umask can only be read by setting it; this happens
    /// before any file is written).
    static let umaskBits: mode_t = {
        let bits = umask(0o022)
        umask(bits)
        return bits
    }()

    static func lastError() -> String { String(cString: strerror(errno)).lowercased() }

    /// Directory and file name of a path.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Follows symbolic links at `path` (a dangling link leads to the file it names).
    static func resolve(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: 4097)
            let n = readlink(current, &target, 4096)
            guard n > 0 else { return current }
            let text = String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = text.hasPrefix("/") ? text : split(current).0 + "/" + text
        }
        throw GAISError.io(file: path, message: "too many levels of symbolic links")
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard var source = bytes.baseAddress, let buffer else { return }
        var left = bytes.count
        while left > 0 {
            let n = min(left, AtomicFile.bufferCapacity - buffered)
            (buffer + buffered).copyMemory(from: source, byteCount: n)
            buffered += n
            source += n
            left -= n
            if buffered == AtomicFile.bufferCapacity { try flush() }
        }
    }

    /// Appends text.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write($0) }
    }

    /// Hands the buffer to the kernel. A full buffer past the threshold goes direct; the last,
    /// partial one always goes through the page cache (a direct write needs whole blocks).
    private func flush() throws {
        guard buffered > 0, let buffer else { return }
        let whole = buffered == AtomicFile.bufferCapacity
        if let threshold = directAfter, whole, !directRefused, !direct, written >= threshold,
           written % AtomicFile.bufferCapacity == 0 {
            if !writingDirect { setDirect(true) }
        } else if writingDirect {
            setDirect(false)
        }
        try writeAll(UnsafeRawBufferPointer(start: buffer, count: buffered))
        buffered = 0
    }

    private func setDirect(_ on: Bool) {
        let result = gais_set_direct_io(fd, on ? 1 : 0)
        if on {
            writingDirect = result == 0
            if result != 0 { directRefused = true }
        } else {
            // Clearing the flag is not refused on Linux; were it, a direct write's own refusal
            // would still fall back.
            writingDirect = result != 0
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                if writingDirect && errno == EINVAL {
                    // The file system (or this piece's alignment) refuses a direct write: the
                    // rest of the file goes through the page cache.
                    directRefused = true
                    setDirect(false)
                    if !writingDirect { continue }
                }
                throw GAISError.io(file: path, message: "write failed: " + AtomicFile.lastError())
            }
            offset += written
            self.written += written
            if writingDirect { directBytes += written }
            if writingDirect && offset < bytes.count && written % (1 << 12) != 0 {
                // A short direct write left the rest misaligned.
                directRefused = true
                setDirect(false)
            }
        }
    }

    /// Flushes and closes the temporary file: after this only the rename is left.
    public func finishWriting() throws {
        guard fd >= 0 else { return }
        do {
            try flush()
        } catch {
            abandon()
            throw error
        }
        let result = close(fd)
        fd = -1
        if result != 0 && !direct {
            let message = AtomicFile.lastError()
            abandon()
            throw GAISError.io(file: path, message: "write failed: " + message)
        }
    }

    /// Flushes, closes and renames the temporary file over the destination.
    public func commit() throws {
        try finishWriting()
        if direct { finished = true; return }
        guard gais_temp_commit(slot, destination) == 0 else {
            let message = AtomicFile.lastError()
            abandon()
            throw GAISError.io(file: path, message: "cannot write: \(message)")
        }
        finished = true
    }

    /// Commits several files together: all are written out first and renamed only when every
    /// one of them was; when any fails, none is committed.
    public static func commitAll(_ files: [AtomicFile]) throws {
        do {
            for file in files { try file.finishWriting() }
        } catch {
            for file in files { file.abandon() }
            throw error
        }
        for (k, file) in files.enumerated() {
            do {
                try file.commit()
            } catch {
                for rest in files[(k + 1)...] { rest.abandon() }
                throw error
            }
        }
    }

    /// Removes the temporary file without touching the destination.
    public func abandon() {
        if finished { return }
        if fd >= 0 { close(fd); fd = -1 }
        finished = true
        if direct { return }
        gais_temp_discard(slot)
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(text)
        try file.commit()
    }
}

/// Checks, before any work, that outputs can be written and will not overwrite an input.
public enum OutputCheck {
    /// Why an output cannot be used.
    public enum Problem: Error, Equatable, Sendable {
        /// The output is the same file (device and inode) as an input or another output: a
        /// usage mistake.
        case sameFile(String)
        /// The location cannot be written (no directory, not writable, a directory).
        case unwritable(GAISError)
    }

    /// Checks `outputs` (option name, path) against each other and the `inputs`.
    public static func check(outputs: [(option: String, path: String)], inputs: [String]) -> Problem? {
        var seen: [(name: String, device: UInt64, inode: UInt64, path: String)] = []
        for input in inputs {
            var info = stat()
            if stat(input, &info) == 0 {
                seen.append(("the input \(input)", UInt64(info.st_dev), UInt64(info.st_ino), input))
            }
        }
        var targets: [String: String] = [:]
        for (option, path) in outputs {
            let target: String
            do { target = try AtomicFile.resolve(path) } catch let e as GAISError { return .unwritable(e) } catch { return nil }
            var info = stat()
            if stat(target, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFREG,
                   let other = seen.first(where: { $0.device == UInt64(info.st_dev) && $0.inode == UInt64(info.st_ino) }) {
                    return .sameFile("\(option) \(path) is the same file as \(other.name)")
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    return .unwritable(.io(file: path, message: "is a directory"))
                }
                if (info.st_mode & S_IFMT) == S_IFREG && access(target, W_OK) != 0 {
                    return .unwritable(.io(file: path, message: "cannot write: " + AtomicFile.lastError()))
                }
                if (info.st_mode & S_IFMT) == S_IFREG {
                    seen.append((option + " " + path, UInt64(info.st_dev), UInt64(info.st_ino), path))
                }
            } else {
                let directory = AtomicFile.split(target).0
                var dirInfo = stat()
                guard stat(directory, &dirInfo) == 0 else {
                    return .unwritable(.io(file: path, message: "cannot create file: " + AtomicFile.lastError()))
                }
                guard (dirInfo.st_mode & S_IFMT) == S_IFDIR else {
                    return .unwritable(.io(file: path, message: "cannot create file: \(directory) is not a directory"))
                }
                guard access(directory, W_OK) == 0 else {
                    return .unwritable(.io(file: path, message: "cannot create file: " + AtomicFile.lastError()))
                }
            }
            // New files: compare canonical directories (`./x` and `x` are one file).
            let (directory, name) = AtomicFile.split(target)
            let key: String
            if let real = realpath(directory, nil) {
                key = String(cString: real) + "/" + name
                free(real)
            } else {
                key = target
            }
            if let earlier = targets[key] {
                return .sameFile("\(option) \(path) is the same file as \(earlier)")
            }
            targets[key] = "\(option) \(path)"
        }
        return nil
    }
}
