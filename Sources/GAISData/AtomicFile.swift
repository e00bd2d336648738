#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISCore

/// Writes a file atomically: everything goes to a temporary file beside the destination, which
/// is renamed over it only once complete. A failure (or an interrupt, see `pendingPaths`) never
/// leaves a half-written result.
public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    /// Writing straight to a device or pipe (`/dev/stdout`, `/dev/null`): no rename possible.
    private let direct: Bool
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var finished = false

    /// Temporary files being written, so an interrupt handler can remove them.
    nonisolated(unsafe) public static var pendingPaths = Set<String>()
    private static let pendingLock = NSLockPosix()

    /// Opens a temporary file next to `path`.
    public init(path: String) throws {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR {
            fd = open(path, O_WRONLY)
            guard fd >= 0 else {
                throw GAISError.io(file: path, message: "cannot open: " + String(cString: strerror(errno)).lowercased())
            }
            direct = true
            temporaryPath = path
            return
        }
        direct = false
        let directory: String
        let name: String
        if let slash = path.lastIndex(of: "/") {
            directory = String(path[..<slash]).isEmpty ? "/" : String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            name = path
        }
        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw GAISError.io(file: path, message: "cannot create file: " + String(cString: strerror(errno)).lowercased())
        }
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o644)
        AtomicFile.pendingLock.lock()
        AtomicFile.pendingPaths.insert(temporaryPath)
        AtomicFile.pendingLock.unlock()
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if buffer.count + bytes.count > 1 << 20 { try flush() }
        if bytes.count >= 1 << 20 {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends text.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write($0) }
    }

    private func flush() throws {
        try buffer.withUnsafeBufferPointer { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw GAISError.io(file: path, message: "write failed: " + String(cString: strerror(errno)).lowercased())
            }
            offset += written
        }
    }

    /// Flushes, closes and renames the temporary file over the destination.
    public func commit() throws {
        do {
            try flush()
        } catch {
            abandon()
            throw error
        }
        close(fd)
        fd = -1
        if direct { finished = true; return }
        guard rename(temporaryPath, path) == 0 else {
            let message = String(cString: strerror(errno)).lowercased()
            abandon()
            throw GAISError.io(file: path, message: "cannot write: \(message)")
        }
        finished = true
        AtomicFile.pendingLock.lock()
        AtomicFile.pendingPaths.remove(temporaryPath)
        AtomicFile.pendingLock.unlock()
    }

    /// Removes the temporary file without touching the destination.
    public func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
        if direct { finished = true; return }
        unlink(temporaryPath)
        finished = true
        AtomicFile.pendingLock.lock()
        AtomicFile.pendingPaths.remove(temporaryPath)
        AtomicFile.pendingLock.unlock()
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(text)
        try file.commit()
    }
}

/// A pthread mutex (the data module avoids Foundation in its hot paths).
final class NSLockPosix: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}
