import Engine
import Foundation

/// The epay ("易支付") protocol as New API speaks it: a purchase is a form of parameters signed
/// with MD5 over the sorted `key=value` pairs (empty values, `sign` and `sign_type` left out)
/// followed by the merchant key, posted to `<PayAddress>/submit.php`; the gateway's callback
/// carries the same kind of signature, which `verify` checks in constant time.
struct Epay: Sendable {
    /// `PayAddress`, without a trailing slash.
    var address: String
    /// `EpayId`, the merchant (partner) id.
    var partnerID: String
    /// `EpayKey`, opened from its seal.
    var key: String

    /// The signature of `parameters`.
    func sign(_ parameters: [String: String]) -> String {
        let text = parameters.filter { $0.key != "sign" && $0.key != "sign_type" && !$0.value.isEmpty }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return RandomCodes.md5Hex(text + key)
    }

    /// Whether `parameters` carry a valid `sign`.
    func verify(_ parameters: [String: String]) -> Bool {
        let given = Array((parameters["sign"] ?? "").lowercased().utf8)
        let expected = Array(sign(parameters).utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in given.indices { difference |= given[index] ^ expected[index] }
        return difference == 0
    }

    /// The gateway URL and the signed form of a purchase.
    func purchase(
        type: String, tradeNo: String, name: String, money: String, notifyURL: String, returnURL: String
    ) -> (url: String, parameters: [String: String]) {
        var parameters = [
            "pid": partnerID, "type": type, "out_trade_no": tradeNo, "notify_url": notifyURL, "name": name,
            "money": money, "device": "pc", "return_url": returnURL,
        ]
        parameters["sign"] = sign(parameters)
        parameters["sign_type"] = "MD5"
        return (address + "/submit.php", parameters)
    }
}
