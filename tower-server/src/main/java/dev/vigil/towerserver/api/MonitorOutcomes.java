package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.MonitorJson;
import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.api.EventService.CursorAhead;
import dev.vigil.towerserver.api.EventService.EventsOutcome;
import dev.vigil.towerserver.api.EventService.HeightOutOfRange;
import dev.vigil.towerserver.api.EventService.MonitorRefusal;
import dev.vigil.towerserver.api.EventService.MonitoringDenied;
import dev.vigil.towerserver.api.EventService.Page;
import dev.vigil.towerserver.api.EventService.UnknownSigner;
import dev.vigil.towerserver.api.EventService.KindNotTaken;
import dev.vigil.towerserver.api.EventService.NoSlotForWatch;
import dev.vigil.towerserver.api.EventService.NoSuchWatch;
import dev.vigil.towerserver.api.EventService.NodeUnavailable;
import dev.vigil.towerserver.api.EventService.SubscriptionEnded;
import dev.vigil.towerserver.api.EventService.TooManyWatches;
import dev.vigil.towerserver.api.EventService.Unwatched;
import dev.vigil.towerserver.api.EventService.WatchAddOutcome;
import dev.vigil.towerserver.api.EventService.WatchRemoveOutcome;
import dev.vigil.towerserver.api.EventService.Watched;
import java.nio.charset.StandardCharsets;

/**
 * The one place where the monitoring routes' outcomes become HTTP answers (docs/monitoring.md 5.5):
 * status, {@code error_code} and message, in teos's error shape so one client-side parser reads both.
 * Field mistakes are the parsers' (teos's 1-6, through {@link Outcomes#error}).
 */
final class MonitorOutcomes {
    private MonitorOutcomes() {}

    static Reply of(EventsOutcome o) {
        if (o instanceof Page p) {
            return new Reply(200, Bytes.of(MonitorJson.toJson(p.page())));
        }
        if (o instanceof CursorAhead c) {
            return error(ErrorCode.CURSOR_AHEAD, "`after` is beyond this log's head (" + c.head()
                    + "): the cursor belongs to another tower or to a log that was deleted");
        }
        return refusal((MonitorRefusal) o);
    }

    static Reply of(WatchAddOutcome o) {
        if (o instanceof Watched w) {
            return new Reply(200, utf8(MonitorJson.toJson(w.response())));
        }
        if (o instanceof KindNotTaken k) {
            return error(ErrorCode.WATCH_KIND_UNSUPPORTED, "This tower does not take `" + k.kind() + "` watches");
        }
        if (o instanceof TooManyWatches t) {
            return error(ErrorCode.WATCH_LIMIT_REACHED, "A user holds at most " + t.max() + " watches at this tower");
        }
        if (o instanceof NoSlotForWatch) {
            return error(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Invalid signature or user does not have enough slots available");
        }
        return refusal((MonitorRefusal) o);
    }

    static Reply of(WatchRemoveOutcome o) {
        if (o instanceof Unwatched u) {
            return new Reply(200, utf8(MonitorJson.toJson(u.response())));
        }
        if (o instanceof NoSuchWatch) {
            return error(ErrorCode.WATCH_NOT_FOUND, "No watch of this user has that `watch_id`");
        }
        return refusal((MonitorRefusal) o);
    }

    private static Bytes utf8(String json) {
        return Bytes.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply refusal(MonitorRefusal r) {
        if (r instanceof SubscriptionEnded e) {
            return error(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Your subscription expired at " + e.expiry());
        }
        if (r instanceof NodeUnavailable) {
            return Reply.of(Outcomes.unavailable());
        }
        if (r instanceof UnknownSigner) {
            return error(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User cannot be authenticated");
        }
        if (r instanceof MonitoringDenied) {
            return error(ErrorCode.MONITORING_DISABLED_FOR_USER, "Channel monitoring is disabled for this user");
        }
        HeightOutOfRange h = (HeightOutOfRange) r;
        // The body is teos's error shape plus tower_height, which the SDK signs its retry with (5.1).
        String base = TeosJson.toJson(new ApiError(ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE,
                "`height` must be within 6 blocks below and 1 above the tower's height " + h.towerHeight()));
        String json = base.substring(0, base.length() - 1) + ",\"tower_height\":" + h.towerHeight() + "}";
        return new Reply(ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE.httpStatus(), Bytes.of(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Reply error(ErrorCode code, String message) {
        return Reply.of(Outcomes.error(new ApiError(code, message)));
    }
}
