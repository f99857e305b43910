using System.Net.Sockets;
using MassTransit;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Web.Tests;

public sealed class ExceptionToProblemTests
{
    private static IEnumerable<TestCaseData> Outages()
    {
        yield return new TestCaseData(FaultInjection.Exception("postgres-down")).SetName("PostgreSQL refuses the connection");
        yield return new TestCaseData(new SqliteException("database is locked", 6)).SetName("SQLite locked");
        yield return new TestCaseData(new SqliteException("database is busy", 5)).SetName("SQLite busy");
        yield return new TestCaseData(FaultInjection.Exception("sqlite-locked")).SetName("SQLite locked inside EF Core's DbUpdateException");
        yield return new TestCaseData(new InvalidOperationException("transient failure", new NpgsqlException("io", new IOException()))).SetName("Npgsql failure wrapped by EF Core");
        yield return new TestCaseData(new TimeoutException()).SetName("Timeout");
        yield return new TestCaseData(new AggregateException(new InvalidOperationException(), new TimeoutException())).SetName("Timeout inside an AggregateException");
        yield return new TestCaseData(new SocketException((int)SocketError.ConnectionRefused)).SetName("Socket refused");
        yield return new TestCaseData(new RabbitMqConnectionException("broker down")).SetName("MassTransit cannot reach RabbitMQ");
        yield return new TestCaseData(new BrokerUnreachableException(new IOException())).SetName("RabbitMQ client cannot reach the broker");
    }

    [TestCaseSource(nameof(Outages))]
    public void An_outage_is_503_with_retry_after(Exception exception)
    {
        var problem = ExceptionToProblem.Map(exception);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(StatusCodes.Status503ServiceUnavailable));
            Assert.That(problem.Type, Is.SameAs(Problems.ServiceUnavailable));
            Assert.That(problem.RetryAfter, Is.EqualTo(ExceptionToProblem.RetryAfter));
        });
    }

    private static IEnumerable<TestCaseData> Bugs()
    {
        yield return new TestCaseData(new InvalidOperationException("bug")).SetName("A plain bug");
        yield return new TestCaseData(new SqliteException("UNIQUE constraint failed", 19)).SetName("SQLite constraint violation");
        yield return new TestCaseData(new DbUpdateException("save", new SqliteException("FOREIGN KEY constraint failed", 19))).SetName("Constraint violation inside EF Core");
        yield return new TestCaseData(new NpgsqlException("protocol error")).SetName("A non-transient Npgsql error");
        yield return new TestCaseData(new NullReferenceException()).SetName("Null reference");
    }

    [TestCaseSource(nameof(Bugs))]
    public void Anything_else_is_500_without_detail(Exception exception)
    {
        var problem = ExceptionToProblem.Map(exception);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(StatusCodes.Status500InternalServerError));
            Assert.That(problem.Type, Is.SameAs(Problems.InternalError));
            Assert.That(problem.Detail, Is.Null);
            Assert.That(problem.RetryAfter, Is.Null);
        });
    }

    [Test]
    public void A_bad_request_is_400_even_when_caused_by_a_timeout()
    {
        var problem = ExceptionToProblem.Map(new BadHttpRequestException("slow body", StatusCodes.Status400BadRequest, new TimeoutException()));

        Assert.That(problem.Status, Is.EqualTo(StatusCodes.Status400BadRequest));
        Assert.That(problem.Type, Is.SameAs(Problems.BadRequest));
    }

    [Test]
    public void A_too_large_body_keeps_its_413()
    {
        var problem = ExceptionToProblem.Map(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));

        Assert.That(problem.Status, Is.EqualTo(StatusCodes.Status413PayloadTooLarge));
        Assert.That(problem.Type, Is.SameAs(Problems.PayloadTooLarge));
    }

    [Test]
    public void Every_problem_type_has_a_stable_uri_and_a_bilingual_title()
    {
        var types = typeof(Problems).GetFields()
            .Where(f => f.FieldType == typeof(ProblemType))
            .Select(f => (ProblemType)f.GetValue(null)!)
            .ToList();

        Assert.That(types.Select(t => t.Uri), Is.Unique);
        Assert.That(types, Has.All.Matches<ProblemType>(t =>
            t.Uri.StartsWith(Problems.BaseUri, StringComparison.Ordinal)
            && t.Title.Split(" / ") is [var chinese, var english]
            && chinese.Any(c => c >= '\u4e00' && c <= '\u9fff')
            && english.All(char.IsAscii)));
    }
}
