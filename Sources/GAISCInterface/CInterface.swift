// The C interface (include/gais.h): plain C types, 0 on success and -1 on failure with the
// message from gais_last_error(). Every entry point runs its body through `guarded`, which turns
// any thrown error into that message: no Swift error crosses the boundary, and every argument
// is checked before it reaches a precondition of the library.
import GAIS

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Errors

/// Per-thread last error: a malloc'd C string owned by the thread's slot (freed when replaced
/// or when the thread ends).
private let errorKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { pointer in free(pointer) }
    return key
}()

func setLastError(_ message: String) {
    let old = pthread_getspecific(errorKey)
    pthread_setspecific(errorKey, strdup(message))
    free(old)
}

/// The message of a thrown error, as the CLI prints it after `error: `.
func message(of error: Error) -> String {
    if let error = error as? GAISError { return error.description }
    return "\(error)"
}

/// Runs `body`; 0 when it returns, -1 (with the message stored) when it throws.
@inline(__always)
func guarded(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return 0
    } catch {
        setLastError(message(of: error))
        return -1
    }
}

private let emptyText: StaticString = ""
nonisolated(unsafe) private let versionText: UnsafeMutablePointer<CChar> = strdup(GAISVersion.string)!

// MARK: Helpers

/// A C string as a Swift string, refusing NULL and bad UTF-8.
func string(_ pointer: UnsafePointer<CChar>?, _ what: String) throws -> String {
    guard let pointer else { throw GAISError.invalidInput("\(what) is NULL") }
    guard let text = String(validatingCString: pointer) else {
        throw GAISError.invalidInput("\(what) is not valid UTF-8")
    }
    return text
}

/// `count` C strings from `array`.
func strings(_ array: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, _ what: String) throws -> [String] {
    guard count > 0 else { return [] }
    guard let array else { throw GAISError.invalidInput("\(what) is NULL") }
    return try (0..<count).map { try string(array[$0], "\(what)[\($0)]") }
}

/// A buffer of `count` elements at `pointer` (NULL only when `count` is 0).
func buffer<T>(_ pointer: UnsafePointer<T>?, count: Int, _ what: String) throws -> UnsafeBufferPointer<T> {
    if count == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    guard let pointer else { throw GAISError.invalidInput("\(what) is NULL but \(count) values are expected") }
    return UnsafeBufferPointer(start: pointer, count: count)
}

/// `text` copied into malloc'd memory (freed by gais_free).
func mallocString(_ text: String) -> UnsafeMutablePointer<CChar> {
    strdup(text)!
}

func product(_ a: Int, _ b: Int) throws -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow || a < 0 || b < 0 { throw GAISError.invalidInput("the table is too large (\(a) × \(b))") }
    return p
}

// MARK: Entry points

@_cdecl("gais_version")
public func gais_version() -> UnsafePointer<CChar> {
    UnsafePointer(versionText)
}

@_cdecl("gais_last_error")
public func gais_last_error() -> UnsafePointer<CChar> {
    if let text = pthread_getspecific(errorKey) {
        return UnsafePointer(text.assumingMemoryBound(to: CChar.self))
    }
    return UnsafeRawPointer(emptyText.utf8Start).assumingMemoryBound(to: CChar.self)
}

@_cdecl("gais_free")
public func gais_free(_ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}

@_cdecl("gais_methods_json")
public func gais_methods_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    guarded {
        guard let out else { throw GAISError.invalidInput("out_json is NULL") }
        out.pointee = mallocString(MethodCatalog.json().text())
    }
}

@_cdecl("gais_check_settings")
public func gais_check_settings(_ method: UnsafePointer<CChar>?, _ settings: UnsafePointer<CChar>?) -> Int32 {
    guarded {
        let name = try string(method, "method")
        let text = settings == nil ? "" : try string(settings, "settings")
        _ = try Methods.selector(name, settings: Methods.settings(text))
    }
}

public typealias ProgressFunction = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void

@_cdecl("gais_select")
public func gais_select(
    _ features: UnsafeRawPointer?, _ dtype: Int32, _ nRows: Int64, _ nNumeric: Int64,
    _ codes: UnsafePointer<Int32>?, _ nCategorical: Int64, _ categoricalPositions: UnsafePointer<Int64>?,
    _ categoryCounts: UnsafePointer<Int32>?, _ categoryNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ labels: UnsafePointer<Int32>?, _ nLabels: Int64, _ classNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ nClasses: Int32, _ labelName: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ settings: UnsafePointer<CChar>?, _ seed: UInt64, _ threads: Int32,
    _ progress: ProgressFunction?, _ progressData: UnsafeMutableRawPointer?,
    _ outIndices: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?, _ outCount: UnsafeMutablePointer<Int64>?,
    _ outScores: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>?,
    _ outReport: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    gais_select_scaled(features, dtype, nRows, nNumeric, codes, nCategorical, categoricalPositions,
                       categoryCounts, categoryNames, labels, nLabels, classNames, nClasses, labelName,
                       nil, nil, method, settings, seed, threads, progress, progressData,
                       outIndices, outCount, outScores, outReport)
}

@_cdecl("gais_select_scaled")
public func gais_select_scaled(
    _ features: UnsafeRawPointer?, _ dtype: Int32, _ nRows: Int64, _ nNumeric: Int64,
    _ codes: UnsafePointer<Int32>?, _ nCategorical: Int64, _ categoricalPositions: UnsafePointer<Int64>?,
    _ categoryCounts: UnsafePointer<Int32>?, _ categoryNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ labels: UnsafePointer<Int32>?, _ nLabels: Int64, _ classNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ nClasses: Int32, _ labelName: UnsafePointer<CChar>?,
    _ numericSummaries: UnsafePointer<Double>?, _ categoryFrequencies: UnsafePointer<Int64>?,
    _ method: UnsafePointer<CChar>?, _ settings: UnsafePointer<CChar>?, _ seed: UInt64, _ threads: Int32,
    _ progress: ProgressFunction?, _ progressData: UnsafeMutableRawPointer?,
    _ outIndices: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?, _ outCount: UnsafeMutablePointer<Int64>?,
    _ outScores: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>?,
    _ outReport: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    outIndices?.pointee = nil
    outCount?.pointee = 0
    outScores?.pointee = nil
    outReport?.pointee = nil
    return guarded {
        guard outIndices == nil || outCount != nil else {
            throw GAISError.invalidInput("out_count is NULL but out_indices is given")
        }
        let table = try makeTable(features, dtype, nRows, nNumeric, codes, nCategorical, categoricalPositions,
                                  categoryCounts, categoryNames, labels, nLabels, classNames, nClasses)
        var summaries: ArrayTable.Summaries? = nil
        if numericSummaries != nil || categoryFrequencies != nil {
            summaries = try makeSummaries(table, numericSummaries, categoryFrequencies)
        }
        let name = try string(method, "method")
        let settingsText = settings == nil ? "" : try string(settings, "settings")
        let label = labelName == nil ? "label" : try string(labelName, "label_name")
        var onProgress: (@Sendable (String) -> Void)? = nil
        if let progress {
            let box = UncheckedSendable((progress, progressData))
            onProgress = { @Sendable text in
                text.withCString { box.value.0($0, box.value.1) }
            }
        }
        let result = try ArraySelection.run(
            table, method: name, settings: Methods.settings(settingsText), seed: seed,
            context: ExecutionContext(threads: threads > 0 ? Int(threads) : ProcessInfoCores.count),
            labelName: label, summaries: summaries, progress: onProgress)

        // Allocate every output before handing any out, so a failure leaves nothing behind.
        let kept = result.selection.indices
        var indices: UnsafeMutablePointer<Int64>? = nil
        var scores: UnsafeMutablePointer<Float>? = nil
        var report: UnsafeMutablePointer<CChar>? = nil
        if outIndices != nil {
            guard let memory = malloc(max(1, kept.count) * MemoryLayout<Int64>.stride) else {
                throw GAISError.invalidInput("out of memory for \(kept.count) indices")
            }
            indices = memory.assumingMemoryBound(to: Int64.self)
            for (k, i) in kept.enumerated() { indices![k] = Int64(i) }
        }
        if outScores != nil, let values = result.selection.scores {
            guard let memory = malloc(max(1, values.count) * MemoryLayout<Float>.stride) else {
                free(indices)
                throw GAISError.invalidInput("out of memory for \(values.count) scores")
            }
            scores = memory.assumingMemoryBound(to: Float.self)
            for (k, v) in values.enumerated() { scores![k] = v }
        }
        if outReport != nil { report = mallocString(result.report) }
        outIndices?.pointee = indices
        outCount?.pointee = Int64(kept.count)
        outScores?.pointee = scores
        outReport?.pointee = report
    }
}

/// The table of a call's array arguments, every shape and pointer checked.
private func makeTable(
    _ features: UnsafeRawPointer?, _ dtype: Int32, _ nRows: Int64, _ nNumeric: Int64,
    _ codes: UnsafePointer<Int32>?, _ nCategorical: Int64, _ categoricalPositions: UnsafePointer<Int64>?,
    _ categoryCounts: UnsafePointer<Int32>?, _ categoryNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ labels: UnsafePointer<Int32>?, _ nLabels: Int64, _ classNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ nClasses: Int32
) throws -> ArrayTable {
    let n = Int(nRows), p = Int(nNumeric), q = Int(nCategorical)
    guard n >= 0 else { throw GAISError.invalidInput("n_rows must be ≥ 0, got \(n)") }
    guard p >= 0 else { throw GAISError.invalidInput("n_numeric must be ≥ 0, got \(p)") }
    guard q >= 0 else { throw GAISError.invalidInput("n_categorical must be ≥ 0, got \(q)") }
    guard nLabels == nRows else {
        throw GAISError.invalidInput("\(nLabels) labels for \(nRows) rows")
    }
    guard nClasses >= 0 else { throw GAISError.invalidInput("n_classes must be ≥ 0, got \(nClasses)") }
    let cells = try product(n, p)
    let numeric: ArrayTable.Numeric
    switch dtype {
    case 0: numeric = .float32(try buffer(features?.assumingMemoryBound(to: Float.self), count: cells, "features"))
    case 1: numeric = .float64(try buffer(features?.assumingMemoryBound(to: Double.self), count: cells, "features"))
    default:
        throw GAISError.invalidInput("dtype must be GAIS_DTYPE_FLOAT32 (0) or GAIS_DTYPE_FLOAT64 (1), got \(dtype)")
    }
    let codeBuffer = try buffer(codes, count: try product(n, q), "codes")
    let counts = try buffer(categoryCounts, count: q, "category_counts")
    var categories: [[String]] = []
    var offset = 0
    for k in 0..<q {
        let c = Int(counts[k])
        guard c >= 0 else { throw GAISError.invalidInput("category_counts[\(k)] must be ≥ 0, got \(c)") }
        guard let names = categoryNames else {
            if c == 0 { categories.append([]); continue }
            throw GAISError.invalidInput("category_names is NULL")
        }
        categories.append(try strings(names + offset, count: c, "category_names"))
        offset += c
    }
    let positions: [Int]? = try categoricalPositions == nil ? nil
        : buffer(categoricalPositions, count: q, "categorical_positions").map { Int($0) }
    return try ArrayTable(
        rowCount: n, numeric: numeric, numericCount: p, codes: codeBuffer, categoricalCount: q,
        categoricalPositions: positions, categories: categories,
        labels: try buffer(labels, count: n, "labels"),
        classNames: try strings(classNames, count: Int(nClasses), "class_names"))
}

/// The whole table's summaries (`gais_select_scaled`): n_numeric × 4 doubles and one frequency
/// per category of each categorical column; either pointer may be NULL only when its count is 0.
private func makeSummaries(_ table: ArrayTable, _ numeric: UnsafePointer<Double>?,
                           _ frequencies: UnsafePointer<Int64>?) throws -> ArrayTable.Summaries {
    let values = try buffer(numeric, count: try product(table.numericCount, 4), "numeric_summaries")
    var numericSummaries: [(min: Double, max: Double, sum: Double, count: Double)] = []
    for j in 0..<table.numericCount {
        let row = 4 * j
        numericSummaries.append((min: values[row], max: values[row + 1], sum: values[row + 2], count: values[row + 3]))
    }
    let total = table.categories.reduce(0) { $0 + $1.count }
    let counts = try buffer(frequencies, count: total, "category_frequencies")
    var lists: [[Int64]] = []
    var offset = 0
    for names in table.categories {
        lists.append(Array(counts[offset ..< offset + names.count]))
        offset += names.count
    }
    return ArrayTable.Summaries(numeric: numericSummaries, frequencies: lists)
}

@_cdecl("gais_shard_keys")
public func gais_shard_keys(
    _ features: UnsafeRawPointer?, _ dtype: Int32, _ nRows: Int64, _ nNumeric: Int64,
    _ codes: UnsafePointer<Int32>?, _ nCategorical: Int64, _ categoricalPositions: UnsafePointer<Int64>?,
    _ categoryCounts: UnsafePointer<Int32>?, _ categoryNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ labels: UnsafePointer<Int32>?, _ nLabels: Int64, _ classNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ nClasses: Int32, _ seed: UInt64, _ nShards: Int64, _ threads: Int32,
    _ outKeys: UnsafeMutablePointer<UInt64>?, _ outShards: UnsafeMutablePointer<Int32>?
) -> Int32 {
    guarded {
        let table = try makeTable(features, dtype, nRows, nNumeric, codes, nCategorical, categoricalPositions,
                                  categoryCounts, categoryNames, labels, nLabels, classNames, nClasses)
        guard outKeys != nil || outShards != nil else { throw GAISError.invalidInput("out_keys and out_shards are both NULL") }
        if outShards != nil {
            guard nShards >= 1 && nShards <= Int64(Int32.max) else {
                throw GAISError.invalidInput("n_shards must be ≥ 1, got \(nShards)")
            }
        }
        let context = ExecutionContext(threads: threads > 0 ? Int(threads) : ProcessInfoCores.count)
        let keys = try table.shardKeys(seed: seed, context: context)
        if let outKeys { for (i, k) in keys.enumerated() { outKeys[i] = k } }
        if let outShards {
            let labels = (0..<table.rowCount).map { table.labels[$0] }
            let shards = StratifiedShards.assign(keys: keys, labels: labels, classCount: table.classNames.count,
                                                 count: Int(nShards))
            for (i, s) in shards.enumerated() { outShards[i] = s }
        }
    }
}

@_cdecl("gais_column_summaries")
public func gais_column_summaries(
    _ features: UnsafeRawPointer?, _ dtype: Int32, _ nRows: Int64, _ nNumeric: Int64,
    _ codes: UnsafePointer<Int32>?, _ nCategorical: Int64, _ categoricalPositions: UnsafePointer<Int64>?,
    _ categoryCounts: UnsafePointer<Int32>?, _ categoryNames: UnsafePointer<UnsafePointer<CChar>?>?,
    _ threads: Int32, _ outNumeric: UnsafeMutablePointer<Double>?, _ outFrequencies: UnsafeMutablePointer<Int64>?
) -> Int32 {
    guarded {
        // The labels do not enter the summaries: one placeholder class for every row.
        let n = Int(nRows)
        guard n >= 0 else { throw GAISError.invalidInput("n_rows must be ≥ 0, got \(n)") }
        let labels = [Int32](repeating: 0, count: n)
        try labels.withUnsafeBufferPointer { lp in
            try "all".withCString { name in
                var names: [UnsafePointer<CChar>?] = [name]
                try names.withUnsafeMutableBufferPointer { np in
                    let table = try makeTable(features, dtype, nRows, nNumeric, codes, nCategorical, categoricalPositions,
                                              categoryCounts, categoryNames, lp.baseAddress, nRows,
                                              UnsafePointer(np.baseAddress), 1)
                    let context = ExecutionContext(threads: threads > 0 ? Int(threads) : ProcessInfoCores.count)
                    let summaries = try table.summaries(context: context)
                    if table.numericCount > 0 {
                        guard let outNumeric else { throw GAISError.invalidInput("out_numeric is NULL") }
                        for (j, s) in summaries.numeric.enumerated() {
                            outNumeric[4 * j] = s.min; outNumeric[4 * j + 1] = s.max
                            outNumeric[4 * j + 2] = s.sum; outNumeric[4 * j + 3] = s.count
                        }
                    }
                    let total = summaries.frequencies.reduce(0) { $0 + $1.count }
                    if total > 0 {
                        guard let outFrequencies else { throw GAISError.invalidInput("out_frequencies is NULL") }
                        for (k, f) in summaries.frequencies.joined().enumerated() { outFrequencies[k] = f }
                    }
                }
            }
        }
    }
}

@_cdecl("gais_shard_seed")
public func gais_shard_seed(_ seed: UInt64, _ shard: Int64) -> UInt64 {
    shard < 0 ? StratifiedShards.mergeSeed(seed) : StratifiedShards.shardSeed(seed, shard: Int(shard))
}
