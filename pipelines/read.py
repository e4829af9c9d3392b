"""Reading the planned offset ranges of ``sitrep.raw`` as a Beam source workers share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import apache_beam as beam
from apache_beam.metrics import Metrics

from connectors.kafka_offsets import OffsetRange, split_range
from connectors.kafka_reader import RangeReader, RawRecord
from connectors.settings import KafkaSettings


class ReadOffsetRange(beam.DoFn):
    """Reads every record of one offset range; the consumer is made once per worker."""

    def __init__(self, settings: KafkaSettings) -> None:
        self.settings = settings
        self.read = Metrics.counter("sitrep", "read")

    def setup(self) -> None:
        self.reader = RangeReader(self.settings)

    def process(self, offset_range: OffsetRange) -> Iterator[RawRecord]:
        for record in self.reader.read(offset_range):
            self.read.inc()
            yield record

    def teardown(self) -> None:
        self.reader.close()


class ReadRawArticles(beam.PTransform):
    """The planned ranges, cut into chunks and redistributed, read into raw Kafka records.

    The ranges are planned in the driver before the pipeline starts (so the cycle knows which
    offsets to commit); Reshuffle spreads the chunks over the workers.
    """

    def __init__(self, settings: KafkaSettings, ranges: Sequence[OffsetRange], chunk: int) -> None:
        super().__init__()
        self.settings = settings
        self.chunks = [c for r in ranges if r.size for c in split_range(r, chunk)]

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.PCollection:
        return (
            pbegin
            | "Ranges" >> beam.Create(self.chunks)
            | "Spread" >> beam.Reshuffle()
            | "Read" >> beam.ParDo(ReadOffsetRange(self.settings))
        )
