import Dispatch

/// Data-parallel loops whose results do not depend on the number of threads.
///
/// Work is cut into chunks whose boundaries depend only on the problem size (never on the
/// number of cores); each chunk writes only its own outputs, and any reduction over chunks is
/// done afterwards in chunk order. So the same input gives bit-identical output on 1 or 64 cores.
public enum Parallel {
    /// Splits `0..<count` into chunks of about `grain` items and calls `body` once per chunk,
    /// concurrently on at most `context.threads` threads. Chunk boundaries depend only on
    /// `count` and `grain`.
    public static func forEachChunk(count: Int, grain: Int, context: ExecutionContext = .allCores,
                                    _ body: (Range<Int>) -> Void) {
        let maxThreads = context.threads
        guard count > 0 else { return }
        let grain = max(1, grain)
        let chunks = (count + grain - 1) / grain
        if chunks == 1 || maxThreads <= 1 {
            var start = 0
            while start < count {
                body(start ..< min(count, start + grain))
                start += grain
            }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The caller guarantees chunks touch disjoint outputs; the box only silences the
            // compiler's Sendable check for that contract.
            let task = UncheckedSendable(body)
            let workers = min(chunks, maxThreads)
            let counter = ChunkCounter()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let c = counter.next()
                    if c >= chunks { break }
                    task.value(c * grain ..< min(count, (c + 1) * grain))
                }
            }
        }
    }

    /// Calls `body(i)` for every `i` in `0..<count`, concurrently.
    public static func forEach(count: Int, grain: Int = 1, context: ExecutionContext = .allCores,
                               _ body: (Int) -> Void) {
        forEachChunk(count: count, grain: grain, context: context) { range in
            for i in range { body(i) }
        }
    }

    /// Computes `transform(i)` for every `i`, concurrently, returning results in index order.
    public static func map<T>(count: Int, grain: Int = 1, context: ExecutionContext = .allCores,
                              _ transform: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            let out = UnsafeMutableSendableBuffer(out)
            forEachChunk(count: count, grain: grain, context: context) { range in
                for i in range { out.base[i] = transform(i) }
            }
        }
        return results.map { $0! }
    }
}

/// Wraps a value the caller promises is safe to share across the chunks of a parallel loop.
public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// A buffer pointer that may cross into concurrent chunks, each writing disjoint indices.
public struct UnsafeMutableSendableBuffer<T>: @unchecked Sendable {
    public let base: UnsafeMutableBufferPointer<T>
    public init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}

/// Hands out chunk numbers to worker threads.
final class ChunkCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLockLite()
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal mutex over pthreads, so the core module needs no Foundation.
final class NSLockLite: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit { pthread_mutex_destroy(mutex); mutex.deallocate() }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// The number of processors available to this process.
public enum ProcessInfoCores {
    public static let count: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()
}

/// Work started on another thread now and collected later with `wait()`, so a result that is
/// needed only after the next piece of work can be computed alongside it.
///
/// The result is the same as running `work` inline; only when it is computed changes.
public final class BackgroundTask<Result: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written once by the worker before `done.leave()`, read only after `done.wait()`.
    private var result: Result?

    /// Starts `work` on another thread, or runs it now when `context` allows one thread only
    /// (the result is the same; only when it is computed changes).
    public init(context: ExecutionContext = .allCores, _ work: @escaping @Sendable () -> Result) {
        done.enter()
        guard context.threads > 1 else {
            result = work()
            done.leave()
            return
        }
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    /// Blocks until the work has finished and returns its result.
    public func wait() -> Result {
        done.wait()
        guard let result else { preconditionFailure("BackgroundTask finished without a result") }
        return result
    }
}
