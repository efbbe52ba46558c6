import Engine
import Foundation
import Hummingbird
import Ledger
import Logging
import Projections

extension PaymentRoutes {
    /// `GET|POST /api/user/epay/notify`: the gateway's callback, answered in plain text `success`
    /// or `fail`. A bad signature credits nothing and is recorded on the order it names; a
    /// verified `TRADE_SUCCESS` completes the order once (a repeat finds it paid and changes
    /// nothing); a crediting that failed answers `fail`, so the gateway calls again.
    @Sendable func notify(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        if request.method == .post {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            // By hand: URLComponents traps on malformed percent escapes.
            for pair in String(buffer: body).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decoded(_ part: Substring) -> String? {
                    part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
                }
                guard let name = parts.first.flatMap(decoded), !name.isEmpty else { continue }
                parameters[name] = parts.count > 1 ? decoded(parts[1]) ?? "" : ""
            }
        }
        let settings = try await options.values(["PayAddress", "EpayId"])
        let key = (try? await secret("EpayKey")) ?? ""
        guard !(settings["PayAddress"] ?? "").isEmpty, !(settings["EpayId"] ?? "").isEmpty, !key.isEmpty else {
            context.logger.warning("epay notify without payment configuration")
            return Self.text("fail")
        }
        let epay = Epay(address: settings["PayAddress"] ?? "", partnerID: settings["EpayId"] ?? "", key: key)
        let tradeNo = String((parameters["out_trade_no"] ?? "").prefix(128))
        let status = parameters["trade_status"] ?? ""
        guard epay.verify(parameters) else {
            context.logger.warning("epay notify signature check failed", metadata: ["topup.trade_no": "\(tradeNo)"])
            try await commands.run(
                RecordRejectedTopUpNotify(tradeNo: tradeNo, reason: "signature check failed", tradeStatus: status),
                context)
            return Self.text("fail")
        }
        guard status == "TRADE_SUCCESS" else { return Self.text("success") }
        do {
            try await commands.run(
                CompleteTopUpOrder(
                    tradeNo: tradeNo, gatewayTradeNo: parameters["trade_no"] ?? "",
                    callbackPaymentMethod: parameters["type"] ?? ""), context)
        } catch LedgerError.topUpOrderNotFound {
            context.logger.warning("epay notify for an unknown order", metadata: ["topup.trade_no": "\(tradeNo)"])
        } catch {
            context.logger.error("epay notify not credited", metadata: ["topup.trade_no": "\(tradeNo)"])
            return Self.text("fail")
        }
        return Self.text("success")
    }

    static func text(_ body: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
