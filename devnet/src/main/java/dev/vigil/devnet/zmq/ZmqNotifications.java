package dev.vigil.devnet.zmq;

import dev.vigil.devnet.chain.ChainEvent;
import dev.vigil.towerprotocol.encoding.Bytes;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * What bitcoind's {@code CZMQNotificationInterface} publishes for each validation signal
 * ({@code zmq/zmqnotificationinterface.cpp}):
 * <ul>
 * <li>BlockConnected / BlockDisconnected: {@code hashtx}/{@code rawtx} for every transaction of the block,
 * then {@code sequence} C / D for the block;</li>
 * <li>UpdatedBlockTip (only when a block was connected): {@code hashblock} and {@code rawblock} of the new tip;</li>
 * <li>TransactionAddedToMempool: {@code hashtx}/{@code rawtx}, then {@code sequence} A with the mempool sequence;</li>
 * <li>TransactionRemovedFromMempool (not for block inclusion): {@code sequence} R with the mempool sequence.</li>
 * </ul>
 */
public final class ZmqNotifications {
    private ZmqNotifications() {
    }

    public static List<ZmqMessage> of(ChainEvent event) {
        List<ZmqMessage> out = new ArrayList<>();
        if (event instanceof ChainEvent.BlockConnected c) {
            transactions(c.block(), out);
            out.add(new ZmqMessage(ZmqTopic.SEQUENCE, blockSequence(c.block(), 'C')));
        } else if (event instanceof ChainEvent.BlockDisconnected d) {
            transactions(d.block(), out);
            out.add(new ZmqMessage(ZmqTopic.SEQUENCE, blockSequence(d.block(), 'D')));
        } else if (event instanceof ChainEvent.TipUpdated t) {
            out.add(new ZmqMessage(ZmqTopic.HASHBLOCK, displayHash(t.tip())));
            out.add(new ZmqMessage(ZmqTopic.RAWBLOCK, Bytes.of(Block.write(t.tip()))));
        } else if (event instanceof ChainEvent.TxAdded a) {
            transaction(a.tx(), out);
            out.add(new ZmqMessage(ZmqTopic.SEQUENCE, txSequence(a.tx(), 'A', a.mempoolSequence())));
        } else if (event instanceof ChainEvent.TxRemoved r) {
            out.add(new ZmqMessage(ZmqTopic.SEQUENCE, txSequence(r.tx(), 'R', r.mempoolSequence())));
        }
        return out;
    }

    private static void transactions(Block block, List<ZmqMessage> out) {
        for (Transaction tx : block.tx) {
            transaction(tx, out);
        }
    }

    private static void transaction(Transaction tx, List<ZmqMessage> out) {
        out.add(new ZmqMessage(ZmqTopic.HASHTX, Bytes.of(tx.txid.value.toByteArray())));
        out.add(new ZmqMessage(ZmqTopic.RAWTX, Bytes.of(Transaction.write(tx))));
    }

    private static Bytes displayHash(Block block) {
        return Bytes.of(block.blockId.value.toByteArray());
    }

    /** {@code <32-byte block hash, display order><label>}: 33 bytes. */
    private static Bytes blockSequence(Block block, char label) {
        return displayHash(block).concat(Bytes.of(new byte[] {(byte) label}));
    }

    /** {@code <32-byte txid, display order><label><8-byte LE mempool sequence>}: 41 bytes. */
    private static Bytes txSequence(Transaction tx, char label, long mempoolSequence) {
        byte[] body = new byte[41];
        System.arraycopy(tx.txid.value.toByteArray(), 0, body, 0, 32);
        body[32] = (byte) label;
        for (int i = 0; i < 8; i++) {
            body[33 + i] = (byte) (mempoolSequence >>> (8 * i));
        }
        return Bytes.of(body);
    }
}
