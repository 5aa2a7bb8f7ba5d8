package io.flinkcmd.jobs;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * A bounded job that finishes: sums 1..--count (default 10000) per key (value
 * mod 3) and prints the sums. With --fail-at-start true it throws before
 * building the job, as a broken job would.
 */
public final class BoundedSum {
	public static void main(String[] args) throws Exception {
		ParameterTool params = ParameterTool.fromArgs(args);
		if (params.getBoolean("fail-at-start", false)) {
			throw new IllegalStateException("BoundedSum was asked to fail at start");
		}
		long count = params.getLong("count", 10000);
		StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
		env.fromSequence(1, count)
				.map(v -> Tuple2.of(v % 3, v))
				.returns(Types.TUPLE(Types.LONG, Types.LONG))
				.keyBy(t -> t.f0)
				.sum(1)
				.print();
		env.execute(params.get("name", "bounded-sum"));
	}
}
