import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schema } from '../api/client';

type Report = Schema<'FatigueReport'>;

/** Colours with at least 3:1 contrast on white; each series is also named in the legend and the table. */
const C = { business: '#1c7ed6', afterHours: '#5f3dc4', weekend: '#e8590c', holiday: '#2b8a3e', pages: '#1864ab', night: '#862e9c', ack: '#087f5b', mean: '#212529' };
const HEIGHT = 260;

const shortName = (p: Report['people'][number]) => p.name ?? p.userId.slice(-6);
const round = (n: number) => Math.round(n * 10) / 10;

function ChartCard({ title, children, summary }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <Card withBorder component="figure" m={0} aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <div style={{ width: '100%', height: HEIGHT }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
      <Text component="figcaption" size="xs" mt={4}>
        {summary}
      </Text>
    </Card>
  );
}

function MeanLine({ y, label }: { y: number | null; label: string }) {
  if (y == null) return null;
  return <ReferenceLine y={y} stroke={C.mean} strokeDasharray="6 4" label={{ value: label, position: 'insideTopRight', fill: C.mean, fontSize: 12 }} />;
}

/** The fatigue report as bar charts, each against the team mean (a dashed line). */
export default function FatigueCharts({ report }: { report: Report }) {
  const rows = report.people.map((p) => ({
    name: shortName(p),
    business: round(p.onCallHours.business),
    afterHours: round(p.onCallHours.afterHours),
    weekend: round(p.onCallHours.weekend),
    holiday: round(p.onCallHours.holiday),
    pages: p.pages,
    night: p.nightInterruptions,
    ackSeconds: p.meanAckSeconds == null ? null : Math.round(p.meanAckSeconds),
  }));
  const t = report.team;
  // Seconds, not minutes: a quick acknowledgement must still draw a bar.
  const teamAck = t.meanAckSeconds == null ? null : Math.round(t.meanAckSeconds);
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <ChartCard title="On-call hours" summary={`Team mean: ${round(t.onCallHours)} h. Business hours are Monday to Friday 09:00–17:00 in each person's zone.`}>
        <BarChart data={rows} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis unit=" h" width={56} />
          <Tooltip />
          <Legend />
          <Bar dataKey="business" name="Business" stackId="h" fill={C.business} />
          <Bar dataKey="afterHours" name="After hours" stackId="h" fill={C.afterHours} />
          <Bar dataKey="weekend" name="Weekend" stackId="h" fill={C.weekend} />
          <Bar dataKey="holiday" name="Holiday" stackId="h" fill={C.holiday} />
          <MeanLine y={round(t.onCallHours)} label="team mean" />
        </BarChart>
      </ChartCard>
      <ChartCard title="Pages and night-time interruptions" summary={`Team mean: ${round(t.pages)} pages, ${round(t.nightInterruptions)} night interruptions (22:00–07:00).`}>
        <BarChart data={rows} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          <Bar dataKey="pages" name="Pages" fill={C.pages} />
          <Bar dataKey="night" name="Night interruptions" fill={C.night} />
          <MeanLine y={round(t.pages)} label="mean pages" />
        </BarChart>
      </ChartCard>
      <ChartCard title="Time to acknowledge" summary={teamAck == null ? 'Nobody acknowledged a page this month.' : `Team mean: ${teamAck} s.`}>
        <BarChart data={rows} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis unit=" s" width={56} />
          <Tooltip />
          <Legend />
          <Bar dataKey="ackSeconds" name="Mean seconds to acknowledge" fill={C.ack} />
          <MeanLine y={teamAck} label="team mean" />
        </BarChart>
      </ChartCard>
    </SimpleGrid>
  );
}
