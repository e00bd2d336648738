#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma & Ba, ICLR 2015) with L2 weight decay added to the gradient, exactly as
/// PyTorch's `torch.optim.Adam(weight_decay:)` (not the decoupled AdamW).
struct AdamOptimizer: Sendable {
    let learningRate: Float
    let weightDecay: Float
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8
    private(set) var step = 0
    private var firstMoment: [Float]
    private var secondMoment: [Float]

    init(parameterCount: Int, learningRate: Float, weightDecay: Float) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` from `gradient`.
    /// - Complexity: O(parameter count).
    mutating func update(_ parameters: inout [Float], gradient: [Float]) {
        precondition(parameters.count == gradient.count && gradient.count == firstMoment.count)
        step += 1
        let correction1 = 1 - powf(beta1, Float(step))
        let correction2 = 1 - powf(beta2, Float(step))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let (b1, b2, eps, decay) = (beta1, beta2, epsilon, weightDecay)
        parameters.withUnsafeMutableBufferPointer { theta in
            firstMoment.withUnsafeMutableBufferPointer { m in
                secondMoment.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        for k in 0 ..< theta.count {
                            let grad = g[k] + decay * theta[k]
                            m[k] = b1 * m[k] + (1 - b1) * grad
                            v[k] = b2 * v[k] + (1 - b2) * grad * grad
                            theta[k] -= stepSize * m[k] / (v[k].squareRoot() / rootCorrection2 + eps)
                        }
                    }
                }
            }
        }
    }
}
