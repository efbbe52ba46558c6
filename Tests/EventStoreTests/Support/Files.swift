import Foundation

extension Array where Element == UInt8 {
    init(contentsOfFile path: String) throws {
        self = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

extension Collection where Element == UInt8 {
    func write(toFile path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
